using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Only the lines that must change change. The formatter that lays out new code (the state class, a
/// forwarder, a stored context) also re-indents the lines next to it, and its idea of indentation is
/// not every file's (a file-scoped namespace whose types are still indented one level). After
/// formatting, the lines of the result are matched to the original's (a line diff on their text
/// without surrounding whitespace) and:
/// <list type="bullet">
/// <item>a matched line gets back its original text, byte for byte;</item>
/// <item>new code is indented one level deeper than the line that opens its enclosing brace, as that
/// line now stands;</item>
/// <item>an edited line (an access rewritten, a parameter added) keeps the indentation of the line it
/// replaces.</item>
/// </list>
/// Lines inside a multi-line literal are never touched.
/// </summary>
internal static class UntouchedLines
{
    /// <summary>New code: its lines in the formatted text, and the line of the brace that encloses it.</summary>
    private readonly struct WrittenNode
    {
        public WrittenNode(int first, int last, int? braceLine)
        {
            First = first;
            Last = last;
            BraceLine = braceLine;
        }

        public int First { get; }

        public int Last { get; }

        public int? BraceLine { get; }
    }

    /// <param name="original">The file before the migration.</param>
    /// <param name="edited">The file after the edits and the formatter. What the migration wrote in it (the
    /// state class with the members moved into it, forwarders, stored contexts: the nodes marked for the
    /// formatter) is never matched to an original line, even one with the same text (a moved member is at
    /// its new depth).</param>
    public static SourceText Restore(SourceText original, SyntaxNode edited)
    {
        var text = edited.GetText();
        var written = Written(edited, text);
        var before = Lines(original);
        var after = Lines(text);
        var isWritten = new HashSet<int>(written.SelectMany(w => Enumerable.Range(w.First, w.Last - w.First + 1)));
        var match = Diff(before.Select(l => l.Trim()).ToArray(), after.Select((l, j) => isWritten.Contains(j) ? "\0" + j : l.Trim()).ToArray());
        var insideToken = InsideMultiLineToken(edited, text);
        var (useTabs, size) = Indentation.Style(original);

        var result = new string[after.Count];
        for (var j = 0; j < after.Count; j++)
            result[j] = match[j] is int i && !insideToken.Contains(j) ? before[i] : after[j];

        // Edited lines: each takes the indentation of the replaced line it is most like (in order).
        var previousOriginal = -1;
        for (var j = 0; j < after.Count;)
        {
            if (match[j] is int i)
            {
                previousOriginal = i;
                j++;
                continue;
            }

            var end = j;
            while (end < after.Count && match[end] is null)
                end++;
            var nextOriginal = end < after.Count ? match[end]!.Value : before.Count;
            var replaced = Enumerable.Range(previousOriginal + 1, nextOriginal - previousOriginal - 1).Where(r => before[r].Trim().Length > 0).ToList();
            var from = 0;
            for (var line = j; line < end; line++)
            {
                if (isWritten.Contains(line) || insideToken.Contains(line) || after[line].Trim().Length == 0)
                    continue;
                if (MostLike(after[line].Trim(), replaced, from, before) is int best)
                {
                    result[line] = Indent(before[replaced[best]]) + after[line].TrimStart(' ', '\t');
                    from = best;
                }
            }

            j = end;
        }

        // New code: one level inside its enclosing brace's line as that line now stands.
        foreach (var node in written)
        {
            if (node.BraceLine is not int brace || isWritten.Contains(brace) || after[node.First].Trim().Length == 0)
                continue;
            var shift = Width(Indent(result[brace])) + size - Width(Indent(after[node.First]));
            for (var line = node.First; line <= node.Last && shift != 0; line++)
            {
                if (after[line].Trim().Length > 0 && !insideToken.Contains(line) && !after[line].TrimStart().StartsWith("#", System.StringComparison.Ordinal))
                    result[line] = Render(System.Math.Max(0, Width(Indent(after[line])) + shift), useTabs) + after[line].TrimStart(' ', '\t');
            }
        }

        // A new documentation line (a kept overload's copied docs, an added <param>) lines up with the member it documents:
        // the formatter's idea of its indentation is the file's only where the file indents as the formatter would.
        for (var j = after.Count - 1; j >= 0; j--)
        {
            if (match[j] is not null || insideToken.Contains(j) || !after[j].TrimStart().StartsWith("///", System.StringComparison.Ordinal))
                continue;
            var next = j + 1;
            while (next < after.Count && result[next].Trim().Length == 0)
                next++;
            if (next < after.Count && !result[next].TrimStart().StartsWith("#", System.StringComparison.Ordinal))
                result[j] = Indent(result[next]) + after[j].TrimStart(' ', '\t');
        }

        // Each line keeps its own line break: the original's for a matched line.
        var builder = new StringBuilder(text.Length);
        for (var j = 0; j < result.Length; j++)
        {
            builder.Append(result[j]);
            builder.Append(match[j] is int i && !insideToken.Contains(j) && i < original.Lines.Count - 1 && j < text.Lines.Count - 1 ? Break(original, i) : Break(text, j));
        }

        return SourceText.From(builder.ToString(), text.Encoding, text.ChecksumAlgorithm);
    }

    /// <summary>
    /// The replaced line (an index into <paramref name="replaced"/>, from <paramref name="from"/> on) that
    /// shares the longest start and end with <paramref name="line"/>, if they share at least half of the shorter.
    /// </summary>
    private static int? MostLike(string line, List<int> replaced, int from, List<string> before)
    {
        int? best = null;
        var bestScore = 0;
        for (var r = from; r < replaced.Count; r++)
        {
            var candidate = before[replaced[r]].Trim();
            var prefix = 0;
            while (prefix < line.Length && prefix < candidate.Length && line[prefix] == candidate[prefix])
                prefix++;
            var suffix = 0;
            while (suffix < line.Length - prefix && suffix < candidate.Length - prefix && line[line.Length - 1 - suffix] == candidate[candidate.Length - 1 - suffix])
                suffix++;
            var score = prefix + suffix;
            if (score > bestScore && score * 2 >= System.Math.Min(line.Length, candidate.Length))
            {
                best = r;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// The outermost nodes the migration wrote (marked for the formatter), without their leading trivia (a
    /// forwarder's doc comment is the original's, in its place), each with the line of its enclosing brace.
    /// </summary>
    private static IReadOnlyList<WrittenNode> Written(SyntaxNode root, SourceText text)
    {
        var nodes = root.GetAnnotatedNodes(Formatter.Annotation).ToList();
        var set = new HashSet<SyntaxNode>(nodes);
        var result = new List<WrittenNode>();
        foreach (var node in nodes)
        {
            if (node.Span.IsEmpty || node.Ancestors().Any(set.Contains))
                continue;
            var first = text.Lines.GetLineFromPosition(node.Span.Start);
            // Only a node that starts its line is laid out by line here.
            if (text.ToString(TextSpan.FromBounds(first.Start, node.Span.Start)).Trim().Length > 0)
                continue;
            var last = text.Lines.GetLineFromPosition(node.Span.End - 1).LineNumber;
            var brace = node.Ancestors().Select(OpenBrace).FirstOrDefault(b => b.RawKind != 0);
            result.Add(new WrittenNode(first.LineNumber, last, brace.RawKind == 0 ? null : text.Lines.GetLineFromPosition(brace.SpanStart).LineNumber));
        }

        return result;
    }

    private static SyntaxToken OpenBrace(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => type.OpenBraceToken,
        BlockSyntax block => block.OpenBraceToken,
        NamespaceDeclarationSyntax ns => ns.OpenBraceToken,
        AccessorListSyntax accessors => accessors.OpenBraceToken,
        _ => default,
    };

    /// <summary>The lines, without their line breaks (the file's own are put back by <see cref="LineEndings"/>).</summary>
    private static List<string> Lines(SourceText text) =>
        text.Lines.Select(l => text.ToString(l.Span)).ToList();

    private static string Break(SourceText text, int line) =>
        text.ToString(TextSpan.FromBounds(text.Lines[line].End, text.Lines[line].EndIncludingLineBreak));

    private static string Indent(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            i++;
        return line.Substring(0, i);
    }

    private static int Width(string indent) => indent.Sum(c => c == '\t' ? 4 : 1);

    private static string Render(int width, bool tabs) =>
        tabs ? new string('\t', width / 4) + new string(' ', width % 4) : new string(' ', width);

    /// <summary>Lines that start inside a token (a verbatim or raw string literal): their whitespace is the string's.</summary>
    private static HashSet<int> InsideMultiLineToken(SyntaxNode root, SourceText text)
    {
        var lines = new HashSet<int>();
        foreach (var token in root.DescendantTokens())
        {
            var span = text.Lines.GetLinePositionSpan(token.Span);
            for (var line = span.Start.Line + 1; line <= span.End.Line; line++)
                lines.Add(line);
        }

        return lines;
    }

    /// <summary>
    /// For each line of <paramref name="after"/>, the line of <paramref name="before"/> it is the same as:
    /// the common start and end, then a shortest edit script (Myers) on the rest — few edits cost little.
    /// </summary>
    private static int?[] Diff(string[] before, string[] after)
    {
        var match = new int?[after.Length];
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head])
        {
            match[head] = head;
            head++;
        }

        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head && before[before.Length - 1 - tail] == after[after.Length - 1 - tail])
        {
            match[after.Length - 1 - tail] = before.Length - 1 - tail;
            tail++;
        }

        int n = before.Length - head - tail, m = after.Length - head - tail, max = n + m;
        var v = new int[2 * max + 2];
        // Round d reads only diagonals -d..d of the round before: each is kept (memory grows with the edits, not the file).
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            var kept = new int[2 * d + 1];
            System.Array.Copy(v, max - d, kept, 0, kept.Length);
            trace.Add(kept);
            var done = false;
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && before[head + x] == after[head + y])
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    done = true;
                    break;
                }
            }

            if (done)
                break;
        }

        // Back through the trace: each step's diagonal is a run of equal lines.
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var vd = trace[d];
            var k = cx - cy;
            // Round 0 starts at (0, 0) and is all diagonal.
            var prevK = d == 0 ? 0 : k == -d || (k != d && vd[d + k - 1] < vd[d + k + 1]) ? k + 1 : k - 1;
            var prevX = d == 0 ? 0 : vd[d + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                cx--;
                cy--;
                match[head + cy] = head + cx;
            }

            cx = prevX;
            cy = prevY;
        }

        return match;
    }
}
