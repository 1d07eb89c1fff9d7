using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Options;
using Microsoft.CodeAnalysis.Text;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// The file's own indentation, for the formatter that lays out new code (the state class, a hoisted
/// local): tabs when most indented lines start with a tab, else spaces, four to a level unless most
/// space-indented lines are indented by a multiple of two but not of four.
/// </summary>
internal static class Indentation
{
#pragma warning disable CS0618 // The OptionSet overload is the one the pinned Roslyn offers for per-call options.
    public static OptionSet Of(SourceText text, OptionSet options)
    {
        var (useTabs, size) = Style(text);
        return options
            .WithChangedOption(FormattingOptions.UseTabs, LanguageNames.CSharp, useTabs)
            .WithChangedOption(FormattingOptions.IndentationSize, LanguageNames.CSharp, size)
            .WithChangedOption(FormattingOptions.TabSize, LanguageNames.CSharp, size);
    }
#pragma warning restore CS0618

    /// <summary>Tabs or spaces, and the width of one level (a tab counts four).</summary>
    public static (bool UseTabs, int Size) Style(SourceText text)
    {
        int tabs = 0, spaces = 0, byFour = 0, byTwo = 0;
        foreach (var line in text.Lines)
        {
            var span = line.Span;
            if (span.Length == 0)
                continue;
            var first = text[span.Start];
            if (first == '\t')
            {
                tabs++;
            }
            else if (first == ' ')
            {
                spaces++;
                var width = 0;
                while (width < span.Length && text[span.Start + width] == ' ')
                    width++;
                if (width % 4 == 0)
                    byFour++;
                else if (width % 2 == 0)
                    byTwo++;
            }
        }

        var useTabs = tabs > spaces;
        return (useTabs, useTabs || byTwo <= byFour ? 4 : 2);
    }
}
