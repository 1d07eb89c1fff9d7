using System.Globalization;
using System.Net;
using System.Text;

namespace PerNet.Cli;

/// <summary>
/// The SVG picture of <c>scan --format html</c>: each type a box in a grid, as tall as its state, and an
/// arrow from each type to every type whose state it touches. Arrows run only in the gutters between
/// boxes, each in a lane of its own: down out of the bottom of the box that touches, along the gutter
/// under its row, up or down the gutter left of the target's column, and into the target's left side.
/// So no arrow passes under a box, and each can be followed from its start to its end.
/// </summary>
internal static class HtmlPicture
{
    private const int BoxWidth = 250, Header = 30, Row = 18, Lane = 7, Margin = 20, MinGutter = 36;

    private static readonly string[] s_colours = { "#c0504d", "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#2c9aa0", "#b5487c", "#7f6a3b" };

    /// <summary>The text a diagnostic adds when the fix will not be offered for its type (see MigrationBlockers).</summary>
    private const string RefusedNote = "(no automatic migration: ";

    private sealed record Box(string Name, List<StateItem> Items, string? Refused)
    {
        public int Column { get; set; }

        public int GridRow { get; set; }

        public int X { get; set; }

        public int Y { get; set; }

        /// <summary>The reason the migration refuses this type, in lines that fit the box.</summary>
        public IReadOnlyList<string> ReasonLines { get; } = Refused is null ? Array.Empty<string>() : Wrap(Refused, 31);

        public int Height => Header + (Math.Max(1, Items.Count) * Row) + (Refused is null ? 0 : (1 + ReasonLines.Count) * Row) + 8;
    }

    private sealed record Edge(Box From, Box To, int Count, int Index)
    {
        public int HorizontalLane { get; set; }

        public int VerticalLane { get; set; }

        public string Colour => s_colours[Index % s_colours.Length];
    }

    /// <summary>Why the migration will not move a type's state, when its diagnostics say so; null otherwise.</summary>
    public static string? RefusedBecause(IEnumerable<StateItem> items)
    {
        foreach (var item in items)
        {
            var at = item.Message.IndexOf(RefusedNote, StringComparison.Ordinal);
            if (at >= 0)
            {
                var reason = item.Message[(at + RefusedNote.Length)..];
                return reason.EndsWith(')') ? reason[..^1] : reason;
            }
        }

        return null;
    }

    public static void Write(StringBuilder b, IReadOnlyList<(string Name, List<StateItem> Items)> types, IReadOnlyList<StateItem> state)
    {
        // Types that only touch state (no state of their own) get a box too, so arrows have an origin.
        var touching = state.SelectMany(s => s.ExternalTypes).Distinct().Where(t => types.All(x => x.Name != t)).Order(StringComparer.Ordinal);
        var boxes = types.Select(t => new Box(t.Name, t.Items, RefusedBecause(t.Items)))
            .Concat(touching.Select(t => new Box(t, new List<StateItem>(), null))).ToList();
        var byName = boxes.ToDictionary(b => b.Name);
        var edges = state.SelectMany(s => s.ExternalTypes.Select(from => (From: from, To: s.Type)))
            .Where(e => e.From != e.To && byName.ContainsKey(e.From) && byName.ContainsKey(e.To))
            .GroupBy(e => e).OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
            .Select((g, i) => new Edge(byName[g.Key.From], byName[g.Key.To], g.Count(), i)).ToList();

        var columns = Math.Clamp((int)Math.Ceiling(Math.Sqrt(boxes.Count)), 1, 6);
        for (var i = 0; i < boxes.Count; i++)
            (boxes[i].GridRow, boxes[i].Column) = (i / columns, i % columns);
        var rows = boxes.Count == 0 ? 0 : boxes[^1].GridRow + 1;

        // A lane per arrow in each gutter it runs along: under its source's row, left of its target's column.
        var horizontalLanes = new int[rows];
        var verticalLanes = new int[columns];
        foreach (var edge in edges)
        {
            edge.HorizontalLane = horizontalLanes[edge.From.GridRow]++;
            edge.VerticalLane = verticalLanes[edge.To.Column]++;
        }

        int GutterSize(int lanes) => Math.Max(MinGutter, (lanes * Lane) + 2 * Lane);
        var columnX = new int[columns];
        for (int c = 0, x = Margin; c < columns; c++)
        {
            columnX[c] = x + GutterSize(verticalLanes[c]);
            x = columnX[c] + BoxWidth;
        }

        var rowY = new int[rows];
        var rowHeight = new int[rows];
        for (int r = 0, y = Margin; r < rows; r++)
        {
            rowY[r] = y;
            rowHeight[r] = boxes.Where(b => b.GridRow == r).Max(b => b.Height);
            y += rowHeight[r] + GutterSize(horizontalLanes[r]);
        }

        foreach (var box in boxes)
            (box.X, box.Y) = (columnX[box.Column], rowY[box.GridRow]);
        var width = columns == 0 ? 200 : columnX[^1] + BoxWidth + Margin;
        var height = rows == 0 ? 120 : rowY[^1] + rowHeight[^1] + GutterSize(horizontalLanes[^1]) + Margin;

        b.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        b.Append("<defs>");
        foreach (var (colour, i) in s_colours.Select((c, i) => (c, i)))
            b.Append(CultureInfo.InvariantCulture, $"<marker id=\"arrow{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{colour}\"/></marker>");
        b.AppendLine("</defs>");
        foreach (var box in boxes)
            WriteBox(b, box);
        foreach (var edge in edges)
            WriteEdge(b, edge, edges, rowY, rowHeight, columnX, verticalLanes);
        b.AppendLine("</svg>");
    }

    private static void WriteBox(StringBuilder b, Box box)
    {
        var cls = box.Items.Count == 0 ? "type touching" : box.Refused is null ? "type" : "type refused";
        b.AppendLine(CultureInfo.InvariantCulture, $"<g class=\"{cls}\" data-type=\"{E(box.Name)}\" data-state=\"{box.Items.Count}\">");
        b.AppendLine(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"{box.X}\" y=\"{box.Y}\" width=\"{BoxWidth}\" height=\"{box.Height}\" rx=\"6\"/>");
        b.AppendLine(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{box.X + 8}\" y=\"{box.Y + 19}\"><title>{E(box.Name)}</title>{E(Fit(Short(box.Name) + (box.Items.Count == 0 ? string.Empty : " (" + box.Items.Count + ")"), 30))}</text>");
        for (var i = 0; i < box.Items.Count; i++)
        {
            var item = box.Items[i];
            b.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{box.X + 12}\" y=\"{box.Y + Header + 12 + (i * Row)}\"><title>{E(item.Kind)}, {item.Reads} reads, {item.Writes} writes</title>{E(Fit(item.Rule + " " + item.Name, 31))}</text>");
        }

        if (box.Items.Count == 0)
            b.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{box.X + 12}\" y=\"{box.Y + Header + 12}\" fill=\"#777\">no state of its own</text>");
        if (box.Refused is { } reason)
        {
            var y = box.Y + Header + 12 + (box.Items.Count * Row);
            b.AppendLine(CultureInfo.InvariantCulture, $"<text class=\"reason\" x=\"{box.X + 12}\" y=\"{y}\"><title>{E(reason)}</title>not migrated automatically:</text>");
            for (var i = 0; i < box.ReasonLines.Count; i++)
                b.AppendLine(CultureInfo.InvariantCulture, $"<text class=\"reason\" x=\"{box.X + 12}\" y=\"{y + ((i + 1) * Row)}\"><title>{E(reason)}</title>{E(box.ReasonLines[i])}</text>");
        }

        b.AppendLine("</g>");
    }

    private static void WriteEdge(StringBuilder b, Edge edge, List<Edge> edges, int[] rowY, int[] rowHeight, int[] columnX, int[] verticalLanes)
    {
        var from = edge.From;
        var to = edge.To;
        var outgoing = edges.Where(e => e.From == from).ToList();
        var incoming = edges.Where(e => e.To == to).ToList();
        var startX = from.X + ((outgoing.IndexOf(edge) + 1) * BoxWidth / (outgoing.Count + 1));
        var startY = from.Y + from.Height;
        var laneY = rowY[from.GridRow] + rowHeight[from.GridRow] + Lane + (edge.HorizontalLane * Lane);
        var gutterStart = columnX[to.Column] - Math.Max(MinGutter, (verticalLanes[to.Column] * Lane) + 2 * Lane);
        var laneX = gutterStart + Lane + (edge.VerticalLane * Lane);
        var endY = to.Y + ((incoming.IndexOf(edge) + 1) * to.Height / (incoming.Count + 1));
        var path = FormattableString.Invariant($"M {startX} {startY} V {laneY} H {laneX} V {endY} H {to.X}");
        var index = Array.IndexOf(s_colours, edge.Colour);
        b.AppendLine(CultureInfo.InvariantCulture, $"<path class=\"edge\" data-from=\"{E(from.Name)}\" data-to=\"{E(to.Name)}\" d=\"{path}\" stroke=\"{edge.Colour}\" stroke-width=\"{1 + Math.Min(3, edge.Count)}\" marker-end=\"url(#arrow{index})\"><title>{E(Short(from.Name))} touches {edge.Count} of {E(Short(to.Name))}'s members</title></path>");
    }

    /// <summary>The legend under the picture's heading: what a box, a dashed box, a refused box and an arrow mean.</summary>
    public static string Legend() => """
        <div class="legend">
        <span><svg width="28" height="16"><rect x="1" y="1" width="26" height="14" rx="3" class="key type"/></svg> a type and its state (the count)</span>
        <span><svg width="28" height="16"><rect x="1" y="1" width="26" height="14" rx="3" class="key touching"/></svg> a type that only touches others' state</span>
        <span><svg width="28" height="16"><rect x="1" y="1" width="26" height="14" rx="3" class="key refused"/></svg> state the migration will not move automatically (why, in the box)</span>
        <span><svg width="40" height="16"><path d="M 2 8 H 30" stroke="#c0504d" stroke-width="2"/><path d="M 30 3 L 38 8 L 30 13 z" fill="#c0504d"/></svg> touches the state of the type it points to (thicker: more members)</span>
        </div>
        """;

    public static string Short(string type) => type.Substring(type.LastIndexOf('.') + 1);

    /// <summary>Words in lines of at most <paramref name="length"/> characters (a longer word is cut).</summary>
    private static List<string> Wrap(string text, int length)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > length)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
            lines.Add(line.ToString());
        return lines.Select(l => Fit(l, length)).ToList();
    }

    private static string Fit(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
