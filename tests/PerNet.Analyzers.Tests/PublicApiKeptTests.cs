using Microsoft.CodeAnalysis;
using PerNet.CodeFixes.Migration;

namespace PerNet.Analyzers.Tests;

/// <summary>
/// Issue "carrier migration", point 2: with the default <c>pernet.keep_api</c>, what a library exposed
/// before the migration it exposes after — the same types, the same method and constructor signatures,
/// the same fields and properties by name and type (a public static field that moves stays as a property
/// of that name: the source-compatible change ApiCompat accepts) — only additions. With
/// <c>keep_api = false</c> the changed signatures are exactly those that gained a context.
/// </summary>
public class PublicApiKeptTests
{
    private const string Library = """
        using System;
        using System.Collections.Generic;

        public static class Registry
        {
            public static int Port = 4789;
            public static event Action? Changed;
            public static void Set(int port) { Port = port; Changed?.Invoke(); }
            public static int Count(Session s) => s.Sent + Port;
        }

        public abstract class Connection
        {
            protected Connection(int id) { Id = id; }
            public int Id { get; }
            public void Send() => Registry.Set(Id);
            protected abstract void OnSent();
            public virtual void Close() => Registry.Set(0);
        }

        public sealed class Session : Connection
        {
            public Session(int id) : base(id) { }
            public int Sent;
            protected override void OnSent() => Sent++;
        }

        public class Handler { public virtual void Handle(int frame) => Registry.Set(frame); }

        public sealed class Reader
        {
            private static readonly Stack<Reader> Pool = new();
            public static Reader Get() => Pool.Count > 0 ? Pool.Pop() : new Reader();
            public void Recycle() => Pool.Push(this);
        }
        """;

    [Theory]
    [InlineData(MigrationStyle.Explicit)]
    [InlineData(MigrationStyle.Ambient)]
    public async Task DefaultKeepApi_EverySignatureStays(MigrationStyle style)
    {
        var (before, after, _) = await SurfacesAsync(null, style);
        Assert.Empty(before.Except(after));
        Assert.NotEqual(before.Count, after.Count); // the new overloads, State classes, INetContextBound.Net
    }

    [Fact]
    public async Task KeepApiOff_OnlyTheSignaturesThatGainedAContextChange()
    {
        var (before, after, result) = await SurfacesAsync("pernet.keep_api = false", MigrationStyle.Explicit);
        var removed = before.Except(after).ToList();
        Assert.NotEmpty(removed);
        // Each removed signature is a member that gained a NetContext, or public state that moved (no forwarder left).
        Assert.All(removed, r => Assert.True(
            result.AddedParameters.Any(a => r.Contains(a.Split('(')[0].Split('.').Last() + "(", StringComparison.Ordinal)) || r is "static value Registry.Port: int" or "static event Registry.Changed",
            r));
        Assert.DoesNotContain("Send()", string.Join(" ", removed)); // a connection carries its context: Send keeps its signature
    }

    /// <summary>Each project's <c>pernet.keep_api</c> applies to its own members, whichever project's state the plan meets first.</summary>
    [Fact]
    public async Task KeepApiPerProject_EachProjectKeepsOrChangesItsOwnSignatures()
    {
        const string Counter = """
            namespace {0};

            public static class Counter
            {{
                static int count;

                public static int Next() => ++count;
            }}
            """;
        var solution = MigrationHarness.CreateSolution(
            new MigrationHarness.Project("Changes", new[] { string.Format(Counter, "Changes") }, Array.Empty<string>(), "pernet.keep_api = false"),
            new MigrationHarness.Project("Keeps", new[] { string.Format(Counter, "Keeps") }, Array.Empty<string>()));

        var result = await MigrationHarness.MigrateAllAsync(solution);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        Assert.DoesNotContain("public static int Next() =>", await MigrationHarness.TextAsync(result.Solution!, "Changes"), StringComparison.Ordinal);
        Assert.Contains("public static int Next() => Next(NetContext.Current);", await MigrationHarness.TextAsync(result.Solution!, "Keeps"), StringComparison.Ordinal);
    }

    private static async Task<(HashSet<string> Before, HashSet<string> After, MigrationResult Result)> SurfacesAsync(string? config, MigrationStyle style)
    {
        var solution = MigrationHarness.CreateSolution(new MigrationHarness.Project("App", new[] { Library }, Array.Empty<string>(), config));
        Assert.Empty(await MigrationHarness.ErrorsAsync(solution));
        var result = await MigrationHarness.MigrateAllAsync(solution, style);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Empty(await MigrationHarness.ErrorsAsync(result.Solution!));
        return (await SurfaceAsync(solution), await SurfaceAsync(result.Solution!), result);
    }

    /// <summary>What code outside the assembly can use, one line per member: methods and constructors by signature, fields and properties by name and type.</summary>
    private static async Task<HashSet<string>> SurfaceAsync(Solution solution)
    {
        var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
        var surface = new HashSet<string>();
        void Visit(INamespaceOrTypeSymbol container)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    Visit(ns);
                    continue;
                }

                if (member.IsImplicitlyDeclared || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                    continue;
                switch (member)
                {
                    case INamedTypeSymbol type:
                        surface.Add("type " + type.ToDisplayString());
                        Visit(type);
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor } method:
                        surface.Add((method.IsStatic ? "static " : method.IsAbstract ? "abstract " : method.IsVirtual || method.IsOverride ? "virtual " : string.Empty) + method.ToDisplayString());
                        break;
                    case IFieldSymbol field:
                        surface.Add($"{(field.IsStatic ? "static " : string.Empty)}value {field.ContainingType.ToDisplayString()}.{field.Name}: {field.Type.ToDisplayString()}");
                        break;
                    case IPropertySymbol property:
                        surface.Add($"{(property.IsStatic ? "static " : string.Empty)}value {property.ContainingType.ToDisplayString()}.{property.Name}: {property.Type.ToDisplayString()}");
                        break;
                    case IEventSymbol @event:
                        surface.Add($"{(@event.IsStatic ? "static " : string.Empty)}event {@event.ToDisplayString()}");
                        break;
                }
            }
        }

        Visit(compilation.Assembly.GlobalNamespace);
        return surface;
    }
}
