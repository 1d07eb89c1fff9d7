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
    public Site(Location location, SiteKind kind, bool inInitialization, bool throughElement = false)
    {
        Location = location;
        Kind = kind;
        InInitialization = inInitialization;
        ThroughElement = throughElement;
    }

    /// <summary>A mutation of the object an array element refers to (<c>table[i].Process(..)</c>), not of the array.</summary>
    public bool ThroughElement { get; }

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
    private readonly List<ITypeSymbol> _elementTypes = new();
    private bool _elementsUnknown;
    private readonly HashSet<string> _setByInitializers = new(System.StringComparer.Ordinal);
    private HashSet<string>? _setToNullByAll;
    private bool _instancesUnknown;
    private readonly List<Microsoft.CodeAnalysis.Operations.IObjectCreationOperation> _made = new();
    private bool _sizedBuffers;
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

    /// <summary>The concrete types of the elements an array initializer stores; unknown for an array made any other way.</summary>
    public void AddElementTypes(IEnumerable<ITypeSymbol?>? types)
    {
        lock (_gate)
        {
            if (types is null)
            {
                _elementsUnknown = true;
                return;
            }

            foreach (var type in types)
            {
                if (type is null)
                    _elementsUnknown = true;
                else
                    _elementTypes.Add(type);
            }
        }
    }

    /// <summary>A value stored is an array made by size (<c>new byte[1500]</c>): a buffer to be filled, not data.</summary>
    public bool HoldsSizedBuffer
    {
        get
        {
            lock (_gate)
                return _sizedBuffers;
        }
    }

    public void MarkSizedBuffer()
    {
        lock (_gate)
            _sizedBuffers = true;
    }

    /// <summary>The element types the initializers store, or an empty list when some are unknown.</summary>
    public IReadOnlyCollection<ITypeSymbol> ElementTypes
    {
        get
        {
            lock (_gate)
                return _elementsUnknown ? System.Array.Empty<ITypeSymbol>() : _elementTypes.ToArray();
        }
    }

    /// <summary>
    /// A stored value made by <c>new T { A = a, .. }</c>: the members its initializer sets to something
    /// other than null; <paramref name="members"/> null when the value was not made by <c>new</c> here.
    /// </summary>
    public void AddCreation(IEnumerable<string>? members, IEnumerable<string>? setToNull = null, Microsoft.CodeAnalysis.Operations.IObjectCreationOperation? made = null)
    {
        lock (_gate)
        {
            if (members is null)
            {
                _instancesUnknown = true;
                return;
            }

            if (made is not null)
                _made.Add(made);

            _setByInitializers.UnionWith(members);
            var nulls = new HashSet<string>(setToNull ?? Enumerable.Empty<string>(), System.StringComparer.Ordinal);
            if (_setToNullByAll is null)
                _setToNullByAll = nulls;
            else
                _setToNullByAll.IntersectWith(nulls);
        }
    }

    /// <summary>The <c>new</c> expressions that make every value ever stored, or null when some value is made another way.</summary>
    public IReadOnlyList<Microsoft.CodeAnalysis.Operations.IObjectCreationOperation>? Made
    {
        get
        {
            lock (_gate)
                return _instancesUnknown || _made.Count == 0 || _made.Count != _assignedTypes.Count ? null : _made.ToArray();
        }
    }

    /// <summary>
    /// Every stored value is a <c>new</c> seen here that leaves each of <paramref name="members"/> null
    /// (with <paramref name="explicitly"/>, that sets each of them to null in its initializer).
    /// </summary>
    public bool CreatesWithNull(IEnumerable<string> members, bool explicitly)
    {
        lock (_gate)
        {
            if (_instancesUnknown || _assignedTypes.Count == 0 || members.Any(_setByInitializers.Contains))
                return false;
            return !explicitly || (_setToNullByAll is { } nulls && members.All(nulls.Contains));
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

    /// <summary>After initialization, changes only reach the objects its elements refer to, never the array itself.</summary>
    public bool ChangesOnlyElementObjects => Sites.All(s => s.Kind == SiteKind.Read || s.InInitialization || s.ThroughElement);

    /// <summary>Nothing after initialization writes it, and it is never handed out where it could be written.</summary>
    public bool StaysAsInitialized
    {
        get
        {
            lock (_gate)
                return !_escapesAfterInitialization;
        }
    }

    /// <summary>Every value ever stored is a zero-length array: nothing can be written into it.</summary>
    public bool HoldsOnlyEmptyArrays
    {
        get
        {
            lock (_gate)
                return _emptyArrayValues > 0 && _emptyArrayValues == _assignedTypes.Count;
        }
    }

    /// <summary>Properties for the diagnostic: one letter per additional location (r, w, m).</summary>
    public string SiteKinds()
    {
        var builder = new StringBuilder();
        foreach (var site in Sites)
            builder.Append(site.Kind switch { SiteKind.Write => 'w', SiteKind.Mutate => 'm', _ => 'r' });
        return builder.ToString();
    }

}
