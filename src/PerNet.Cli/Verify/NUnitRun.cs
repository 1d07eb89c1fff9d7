using System.Collections;
using System.Reflection;

namespace PerNet.Cli.Verify;

/// <summary>
/// One run of an NUnit suite, in process, through NUnit's own runner (<c>NUnitTestAssemblyRunner</c>, in
/// nunit.framework itself), the test assembly and NUnit being the run's own (its load context). The results are read
/// from the run's result tree when it ends: a listener would have to implement the run's own copy of NUnit's
/// interface, which a proxy made in this process's load context cannot.
/// </summary>
internal static class NUnitRun
{
    public static bool Applies(string directory) => File.Exists(Path.Combine(directory, "nunit.framework.dll"));

    /// <summary>Runs the whole suite on this thread (NUnit's workers inherit its flow) and reports each test's outcome to <paramref name="report"/>.</summary>
    public static void Run(Assembly tests, Assembly nunit, Action<string, string?, string?> report)
    {
        var builderType = Type(nunit, "NUnit.Framework.Api.DefaultTestAssemblyBuilder");
        var runnerType = Type(nunit, "NUnit.Framework.Api.NUnitTestAssemblyRunner");
        var runner = Activator.CreateInstance(runnerType, Activator.CreateInstance(builderType))!;
        runnerType.GetMethod("Load", new[] { typeof(Assembly), typeof(IDictionary<string, object>) })!
            .Invoke(runner, new object[] { tests, new Dictionary<string, object>() });
        var listener = Static(Type(nunit, "NUnit.Framework.Internal.TestListener"), "NULL");
        var filter = Static(Type(nunit, "NUnit.Framework.Internal.TestFilter"), "Empty");
        runnerType.GetMethod("Run", new[] { Type(nunit, "NUnit.Framework.Interfaces.ITestListener"), Type(nunit, "NUnit.Framework.Interfaces.ITestFilter") })!
            .Invoke(runner, new[] { listener, filter });
        Report(Get<object>(runner, "Result"), report);
    }

    /// <summary>Every test (not suite) of a result tree, with its outcome.</summary>
    private static void Report(object? result, Action<string, string?, string?> report)
    {
        if (result is null || Get<object>(result, "Test") is not { } test)
            return;
        if (!Get<bool>(test, "IsSuite"))
        {
            var status = Get<object>(Get<object>(result, "ResultState")!, "Status")?.ToString();
            var kind = status switch { "Passed" => "pass", "Failed" => "fail", _ => "skip" };
            report(kind, Get<string>(test, "FullName"), kind == "pass" ? null : Get<string>(result, "Message"));
            return;
        }

        foreach (var child in Get<IEnumerable>(result, "Children") ?? Array.Empty<object>())
            Report(child, report);
    }

    private static Type Type(Assembly nunit, string name) => nunit.GetType(name, throwOnError: true)!;

    private static object Static(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? type.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? throw new InvalidOperationException($"this NUnit has no {type.Name}.{name}");

    /// <summary>A property of an NUnit object, on its class or on one of its interfaces (ITest, ITestResult).</summary>
    private static T? Get<T>(object target, string property)
    {
        var found = target.GetType().GetProperty(property)?.GetValue(target)
            ?? target.GetType().GetInterfaces().Select(i => i.GetProperty(property)).FirstOrDefault(p => p is not null)?.GetValue(target);
        return found is T typed ? typed : default;
    }
}
