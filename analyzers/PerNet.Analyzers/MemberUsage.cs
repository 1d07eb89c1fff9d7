using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace PerNet.Analyzers;

/// <summary>How a reference uses a static member.</summary>
internal enum SiteKind
{
    /// <summary>Reads the member (or calls something that does not change its value).</summary>
    Read,

    /// <summary>Stores into the member: assignment, <c>++</c>, <c>ref</c>/<c>out</c>, <c>+=</c> on an event.</summary>
    Write,

    /// <summary>Changes the object the member holds: <c>cache.Add(..)</c>, <c>list[i] = x</c>, <c>table[0]++</c>.</summary>
    Mutate,
}

/// <summary>One reference to a tracked member inside its declaring type.</summary>
internal readonly struct Site
{
    public Site(Location location, SiteKind kind, bool inInitialization)
    {
        Location = location;
        Kind = kind;
        InInitialization = inInitialization;
    }

    public Location Location { get; }

    public SiteKind Kind { get; }

    /// <summary>In the static constructor or a static initializer of the declaring type (not in a lambda there).</summary>
    public bool InInitialization { get; }
}

/// <summary>Everything seen about one static member while its declaring type was analysed. Thread-safe.</summary>
internal sealed class MemberUsage
{
    private readonly object _gate = new();
    private readonly List<Site> _sites = new();
    private ImmutableArray<Site>? _sorted;
    private readonly List<ITypeSymbol> _assignedTypes = new();
    private int _emptyArrayValues;
    private bool _escapesAfterInitialization;

    public MemberUsage(ISymbol member)
    {
        Member = member;
    }

    public ISymbol Member { get; }

    public void AddSite(Site site)
    {
        lock (_gate)
        {
            _sites.Add(site);
            _sorted = null;
        }
    }

    public void AddAssignedValue(ITypeSymbol? type, bool isEmptyArray)
    {
        lock (_gate)
        {
            if (type is not null)
                _assignedTypes.Add(type);
            if (isEmptyArray)
                _emptyArrayValues++;
        }
    }

    public void MarkEscapes()
    {
        lock (_gate)
            _escapesAfterInitialization = true;
    }

    /// <summary>Sites in source order (by file, then position), so diagnostics are deterministic. Sorted once.</summary>
    public ImmutableArray<Site> Sites
    {
        get
        {
            lock (_gate)
            {
                return _sorted ??= _sites
                    .OrderBy(s => s.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(s => s.Location.SourceSpan.Start)
                    .ToImmutableArray();
            }
        }
    }

    public IReadOnlyCollection<ITypeSymbol> AssignedTypes
    {
        get
        {
            lock (_gate)
                return _assignedTypes.ToArray();
        }
    }

    public bool IsWrittenAfterInitialization => Sites.Any(s => s.Kind == SiteKind.Write && !s.InInitialization);

    public bool IsMutatedAfterInitialization => Sites.Any(s => s.Kind != SiteKind.Read && !s.InInitialization);

    /// <summary>Every value ever stored is a zero-length array: nothing can be written into it.</summary>
    public bool HoldsOnlyEmptyArrays
    {
        get
        {
            lock (_gate)
                return _emptyArrayValues > 0 && _emptyArrayValues == _assignedTypes.Count;
        }
    }

    /// <summary>
    /// An array that, after initialization, is only indexed, enumerated or read as a read-only view:
    /// a lookup table, not state. Visibility outside the assembly counts as handing it out.
    /// </summary>
    public bool IsConstantTable =>
        !IsMutatedAfterInitialization && !_escapesAfterInitialization && !IsVisibleOutsideAssembly(Member);

    /// <summary>
    /// A private collection filled only during initialization and afterwards only read where its type
    /// can see it: a lookup map, not state. Wider visibility lets code elsewhere in the assembly fill it.
    /// </summary>
    public bool IsPrivateLookupTable => Member.DeclaredAccessibility == Accessibility.Private && IsConstantTable;

    /// <summary>Properties for the diagnostic: one letter per additional location (r, w, m).</summary>
    public string SiteKinds()
    {
        var builder = new StringBuilder();
        foreach (var site in Sites)
            builder.Append(site.Kind switch { SiteKind.Write => 'w', SiteKind.Mutate => 'm', _ => 'r' });
        return builder.ToString();
    }

    private static bool IsVisibleOutsideAssembly(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                return false;
        }

        return true;
    }
}
