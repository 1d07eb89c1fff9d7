using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace PerNet.CodeFixes.Migration;

/// <summary>
/// Turns a <see cref="MigrationPlan"/> into edited documents: each document goes once through the passes
/// that concern it — accesses (<see cref="StateAccessPass"/>), signatures and calls
/// (<see cref="SignaturePass"/>, explicit style), moved state (<see cref="StateClassPass"/>), usings
/// (<see cref="UsingsPass"/>) — with edits keyed by node and applied together.
/// </summary>
internal sealed class MigrationRewriter
{
    private readonly SolutionIndex _index;
    private readonly MigrationPlan _plan;
    private readonly StateAccessPass _accesses;
    private readonly SignaturePass _signatures;
    private readonly StateClassPass _stateClasses;
    private readonly CrefPass _crefs;
    private readonly Dictionary<Compilation, bool> _globalUsing = new();

    public MigrationRewriter(SolutionIndex index, MigrationPlan plan)
    {
        _index = index;
        _plan = plan;
        _accesses = new StateAccessPass(index, plan);
        _signatures = new SignaturePass(plan);
        _stateClasses = new StateClassPass(plan, explicitStyle: !plan.IsAmbient);
        _crefs = new CrefPass(plan);
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        var documents = _plan.Sources.Values.Select(v => v.Document.Id)
            .Concat(_plan.InsideState.Select(n => solution.GetDocumentId(n.SyntaxTree)))
            .Concat(_plan.InNameOf.Select(n => solution.GetDocumentId(n.SyntaxTree)))
            .Concat(_plan.AddedParameters.Values.SelectMany(a => a.Member.DeclaringSyntaxReferences).Select(r => solution.GetDocumentId(r.SyntaxTree)))
            .Concat(_plan.BoundTypes.Values.SelectMany(b => b.Type.DeclaringSyntaxReferences).Select(r => solution.GetDocumentId(r.SyntaxTree)))
            .Concat(_plan.States.Types.SelectMany(t => t.DeclaringSyntaxReferences).Select(r => solution.GetDocumentId(r.SyntaxTree)))
            .Concat(_crefs.DocumentsToRead(_index.Models))
            .Where(id => id is not null)
            .Distinct()
            .ToList();

        var result = solution;
        foreach (var id in documents)
        {
            var document = solution.GetDocument(id!);
            if (document is null || !_index.Models.ContainsKey(document.Id))
                continue; // a linked copy: it takes the text of the copy the index read
            var edited = await RewriteAsync(document, cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentSyntaxRoot(id!, edited);
            // Linked copies (the same file in another target framework's project) get the same text, so
            // the workspace writes one file, not conflicting versions of it.
            foreach (var linked in document.GetLinkedDocumentIds())
                result = result.WithDocumentSyntaxRoot(linked, edited.SyntaxTree.GetRoot(cancellationToken));
        }

        return result;
    }

    private async Task<SyntaxNode> RewriteAsync(Document document, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = _index.Models[document.Id];
        _accesses.Apply(editor, model);
        var crefs = _crefs.Apply(editor, model);
        if (!_plan.IsAmbient)
            _signatures.Apply(editor, model, cancellationToken);
        foreach (var move in _plan.States.Moves)
            _stateClasses.Edit(editor, move, model.SyntaxTree, cancellationToken);
        if (!_globalUsing.TryGetValue(model.Compilation, out var globalUsing))
            _globalUsing[model.Compilation] = globalUsing = UsingsPass.HasGlobalUsing(model.Compilation);
        return UsingsPass.Apply(CrefPass.RewriteCopies(StateClassPass.SeparateStateClasses(editor.GetChangedRoot()), crefs), globalUsing);
    }
}
