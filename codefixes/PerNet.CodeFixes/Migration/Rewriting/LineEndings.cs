using Microsoft.CodeAnalysis.Text;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Each file keeps its line endings: new lines the migration writes take the file's own ending when
/// the file used one ending throughout (a file that mixed them is left as the edits made it).
/// </summary>
internal static class LineEndings
{
    /// <summary>
    /// <paramref name="edited"/> with <paramref name="original"/>'s line ending and encoding, always as new
    /// text: the document is parsed again from it, so trivia the edits placed (a directive after a moved
    /// member) is read the way the compiler reads the file.
    /// </summary>
    public static SourceText Keep(SourceText original, SourceText edited)
    {
        var before = original.ToString();
        var crlf = CountCrlf(before);
        var lf = CountNewlines(before) - crlf;
        string? ending = crlf > 0 && lf == 0 ? "\r\n" : lf > 0 && crlf == 0 ? "\n" : null;
        var text = edited.ToString();
        var normalized = ending is null ? text : ending == "\r\n" ? text.Replace("\r\n", "\n").Replace("\n", "\r\n") : text.Replace("\r\n", "\n");
        return SourceText.From(normalized, original.Encoding ?? edited.Encoding, original.ChecksumAlgorithm);
    }

    private static int CountCrlf(string text)
    {
        var count = 0;
        for (var i = text.IndexOf("\r\n", System.StringComparison.Ordinal); i >= 0; i = text.IndexOf("\r\n", i + 2, System.StringComparison.Ordinal))
            count++;
        return count;
    }

    private static int CountNewlines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
                count++;
        }

        return count;
    }
}
