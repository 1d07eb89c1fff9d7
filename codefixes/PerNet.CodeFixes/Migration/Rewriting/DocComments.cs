using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// XML documentation through the migration, so that a library that requires it (GenerateDocumentationFile,
/// warnings as errors) still builds: a member that gains the context documents it (<c>&lt;param name="net"&gt;</c>,
/// where its other parameters are documented: CS1573), and a kept overload carries the documentation of the
/// signature it keeps (CS1591).
/// </summary>
internal static class DocComments
{
    private const string ContextParamText = "The network context (namespace) this call acts in.";

    /// <summary>The documentation comment of <paramref name="member"/> with the indentation before it; empty when it has none.</summary>
    public static SyntaxTriviaList Of(SyntaxNode member)
    {
        var trivia = member.GetLeadingTrivia();
        var doc = trivia.LastOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia));
        if (doc == default)
            return SyntaxFactory.TriviaList();
        var index = trivia.IndexOf(doc);
        var indentation = index > 0 && trivia[index - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? trivia[index - 1] : default;
        var after = index + 1 < trivia.Count && trivia[index + 1].IsKind(SyntaxKind.WhitespaceTrivia) ? trivia[index + 1] : default;
        var list = SyntaxFactory.TriviaList();
        if (indentation != default)
            list = list.Add(indentation);
        list = list.Add(doc);
        return after != default ? list.Add(after) : list;
    }

    /// <summary>
    /// <paramref name="method"/> with <c>&lt;param name="<paramref name="name"/>"&gt;</c> documented before its first
    /// <c>&lt;param&gt;</c>, when its documentation has any (unchanged otherwise).
    /// </summary>
    public static T WithContextParam<T>(T method, string name)
        where T : SyntaxNode
    {
        var trivia = method.GetLeadingTrivia();
        var doc = trivia.LastOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia));
        if (doc == default || doc.GetStructure() is not DocumentationCommentTriviaSyntax structure)
            return method;
        var text = doc.ToFullString();
        var at = text.IndexOf("<param ", System.StringComparison.Ordinal);
        if (at < 0 || text.Contains($"<param name=\"{name}\""))
            return method;
        var lineStart = text.LastIndexOf('\n', at) + 1;
        if (lineStart == 0)
            return method; // a <param> on the comment's first line: its indentation is outside the comment; left as it is
        var prefix = text.Substring(lineStart, at - lineStart); // "/// " with the indentation of continuation lines
        var newLine = text.Contains("\r\n") ? "\r\n" : "\n";
        var edited = text.Substring(0, lineStart) + prefix + $"<param name=\"{name}\">{ContextParamText}</param>" + newLine + text.Substring(lineStart);
        var parsed = SyntaxFactory.ParseLeadingTrivia(edited);
        var replacement = parsed.FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia));
        if (replacement == default || structure.Content.Count == 0)
            return method;
        return method.WithLeadingTrivia(trivia.Replace(doc, replacement));
    }
}
