using System.Text;

namespace PerNet.Analyzers.Benchmarks;

/// <summary>
/// Writes a network-stack-shaped C# corpus: protocol handlers, packet parsers, device classes.
/// About one type in eight keeps static state of the kinds the rules look for (caches, counters,
/// sysctl properties, events, thread-statics, lookup tables); the rest is ordinary code, as in a
/// real stack. Deterministic for a given size.
/// </summary>
public static class CorpusGenerator
{
    public static IReadOnlyList<string> Generate(int targetLines, out int lines)
    {
        var files = new List<string>();
        lines = 0;
        for (var file = 0; lines < targetLines; file++)
        {
            var text = File(file);
            lines += text.Count(c => c == '\n');
            files.Add(text);
        }

        return files;
    }

    private static string File(int n)
    {
        var b = new StringBuilder();
        b.AppendLine("using System;");
        b.AppendLine("using System.Collections.Generic;");
        b.AppendLine("using System.Threading;");
        b.AppendLine($"namespace Stack.Module{n % 40};");
        b.AppendLine();
        for (var t = 0; t < 8; t++)
        {
            var id = n * 8 + t;
            if (t == 3)
                StatefulType(b, id);
            else
                PlainType(b, id);
        }

        return b.ToString();
    }

    private static void PlainType(StringBuilder b, int id)
    {
        b.AppendLine($"public sealed class Handler{id}");
        b.AppendLine("{");
        b.AppendLine("    private readonly Dictionary<int, byte[]> _pending = new();");
        b.AppendLine("    private int _count;");
        b.AppendLine("    public const int HeaderLength = 20;");
        b.AppendLine($"    public string Name {{ get; set; }} = \"h{id}\";");
        for (var m = 0; m < 6; m++)
        {
            b.AppendLine($"    public int Parse{m}(ReadOnlySpan<byte> packet, int offset)");
            b.AppendLine("    {");
            b.AppendLine("        if (packet.Length < offset + HeaderLength) return -1;");
            b.AppendLine("        var version = packet[offset] >> 4;");
            b.AppendLine("        var ihl = (packet[offset] & 0x0f) * 4;");
            b.AppendLine("        var total = (packet[offset + 2] << 8) | packet[offset + 3];");
            b.AppendLine("        var sum = 0;");
            b.AppendLine("        for (var i = 0; i < ihl; i += 2) sum += (packet[offset + i] << 8) | packet[offset + i + 1];");
            b.AppendLine("        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);");
            b.AppendLine("        if (version != 4 || total < ihl) return -2;");
            b.AppendLine("        _count++;");
            b.AppendLine($"        if (!_pending.TryGetValue(total, out var frag)) _pending[total] = packet.Slice(offset, ihl).ToArray();");
            b.AppendLine("        return (~sum & 0xffff) + _count;");
            b.AppendLine("    }");
        }

        b.AppendLine("    public override string ToString() => $\"{Name}: {_count} packets, {_pending.Count} pending\";");
        b.AppendLine("}");
        b.AppendLine();
    }

    private static void StatefulType(StringBuilder b, int id)
    {
        b.AppendLine($"public static class Proto{id}");
        b.AppendLine("{");
        b.AppendLine("    static Dictionary<uint, long> cache = new();");
        b.AppendLine("    static readonly List<(uint Prefix, int Length)> routes = new();");
        b.AppendLine("    static readonly byte[] masks = { 0, 128, 192, 224, 240, 248, 252, 254, 255 };");
        b.AppendLine("    static long received;");
        b.AppendLine("    static int timeoutMs = 30_000;");
        b.AppendLine("    [ThreadStatic] static byte[]? scratch;");
        b.AppendLine("    public static bool Forwarding { get; set; }");
        b.AppendLine("    public static event Action<uint>? Learned;");
        b.AppendLine("    public static void Learn(uint ip, long mac)");
        b.AppendLine("    {");
        b.AppendLine("        cache[ip] = mac;");
        b.AppendLine("        Interlocked.Increment(ref received);");
        b.AppendLine("        Learned?.Invoke(ip);");
        b.AppendLine("    }");
        b.AppendLine("    public static long? Lookup(uint ip) => cache.TryGetValue(ip, out var mac) ? mac : null;");
        b.AppendLine("    public static void AddRoute(uint prefix, int length) { routes.Add((prefix, length)); routes.Sort((x, y) => y.Length - x.Length); }");
        b.AppendLine("    public static int Route(uint ip)");
        b.AppendLine("    {");
        b.AppendLine("        foreach (var r in routes)");
        b.AppendLine("            if ((ip & (uint)(masks[Math.Min(r.Length, 8)] << 24)) == r.Prefix) return r.Length;");
        b.AppendLine("        return Forwarding ? timeoutMs : -1;");
        b.AppendLine("    }");
        b.AppendLine("    public static byte[] Scratch => scratch ??= new byte[1500];");
        b.AppendLine("}");
        b.AppendLine();
    }
}
