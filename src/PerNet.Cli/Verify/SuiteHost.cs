using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Xunit.Abstractions;

namespace PerNet.Cli.Verify;

/// <summary>
/// The process that runs a test suite for <c>pernet verify</c> (<c>pernet __verify-host</c>, started by
/// <see cref="VerifyCommand"/>): loads an xunit v2 or NUnit test assembly and runs the whole suite several times at once in this
/// one process, each run started inside a <c>NetContext</c> of its own (entered before the run starts, so every thread
/// and task of the run inherits it). Each run has its own copy of the test assembly and of xunit (its load context), so
/// the test code's own statics are not what is shared; the library under test, its dependencies and PerNet.Runtime are
/// loaded once, and shared, as in any process that runs several instances. What happens is written, one JSON object a
/// line, to an events file (the tests' own console output would mix with stdout); an exception on another thread is
/// written before the process ends.
/// </summary>
internal static class SuiteHost
{
    public static int Run(string testAssembly, int runs, string eventsFile)
    {
        using var events = new EventWriter(eventsFile);
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            events.Write(new SuiteEvent(-1, "crash", null, e.ExceptionObject.ToString()));
        var directory = Path.GetDirectoryName(Path.GetFullPath(testAssembly))!;
        var shared = new SharedLoadContext(testAssembly);
        var contexts = PerNetRuntime.TryLoad(shared, directory);
        events.Write(new SuiteEvent(-1, "host", null, contexts is null ? "no PerNet.Runtime next to the tests: runs share one process, no contexts" : "each run in its own NetContext"));
        var threads = new List<Thread>();
        var finished = new CountdownEvent(runs);
        var created = new List<object>();
        for (var run = 0; run < runs; run++)
        {
            var index = run;
            var context = contexts?.Create();
            if (context is not null)
                created.Add(context);
            var thread = new Thread(() =>
            {
                try
                {
                    using var entered = contexts?.Enter(context!);
                    StartRun(index, testAssembly, directory, shared, events, finished);
                }
                catch (Exception ex)
                {
                    events.Write(new SuiteEvent(index, "error", null, ex.ToString()));
                    finished.Signal();
                }
            })
            {
                IsBackground = true,
                Name = "pernet-verify-run-" + index,
            };
            threads.Add(thread);
        }

        // Started together, so that the runs overlap from their first test.
        foreach (var thread in threads)
            thread.Start();
        finished.Wait();
        foreach (var context in created)
            contexts!.Dispose(context);
        events.Write(new SuiteEvent(-1, "exit", null, null));
        return 0;
    }

    /// <summary>Starts one run of the whole suite (xunit runs it on its own threads, NUnit on this one and its workers; both inherit this thread's flow).</summary>
    private static void StartRun(int run, string testAssembly, string directory, SharedLoadContext shared, EventWriter events, CountdownEvent finished)
    {
        var load = new RunLoadContext(run, testAssembly, directory, shared);
        using var reflection = load.EnterContextualReflection();
        var assembly = load.LoadFromAssemblyPath(Path.GetFullPath(testAssembly));
        if (NUnitRun.Applies(directory))
        {
            NUnitRun.Run(assembly, load.LoadFromAssemblyName(new AssemblyName("nunit.framework")), (kind, test, detail) => events.Write(new SuiteEvent(run, kind, test, detail)));
            events.Write(new SuiteEvent(run, "done", null, null));
            finished.Signal();
            return;
        }

        var execution = load.LoadFromAssemblyName(new AssemblyName("xunit.execution.dotnet"));
        var frameworkType = execution.GetType("Xunit.Sdk.XunitTestFramework", throwOnError: true)!;
        var diagnostics = new RunSink(run, events, null);
        var framework = (ITestFramework)Activator.CreateInstance(frameworkType, diagnostics)!;
        var executor = framework.GetExecutor(assembly.GetName());
        var sink = new RunSink(run, events, () =>
        {
            executor.Dispose();
            framework.Dispose();
            finished.Signal();
        });
        var options = new FrameworkOptions();
        executor.RunAll(sink, options, options);
    }

    /// <summary>Receives one run's messages from xunit.</summary>
    private sealed class RunSink : IMessageSink
    {
        private readonly int _run;
        private readonly EventWriter _events;
        private readonly Action? _done;

        public RunSink(int run, EventWriter events, Action? done)
        {
            _run = run;
            _events = events;
            _done = done;
        }

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestStarting starting:
                    _events.Write(new SuiteEvent(_run, "start", starting.Test.DisplayName, null));
                    break;
                case ITestPassed passed:
                    _events.Write(new SuiteEvent(_run, "pass", passed.Test.DisplayName, null));
                    break;
                case ITestFailed failed:
                    _events.Write(new SuiteEvent(_run, "fail", failed.Test.DisplayName,
                        $"{failed.ExceptionTypes.FirstOrDefault()}: {failed.Messages.FirstOrDefault()}".Trim()));
                    break;
                case ITestSkipped skipped:
                    _events.Write(new SuiteEvent(_run, "skip", skipped.Test.DisplayName, skipped.Reason));
                    break;
                case IErrorMessage error:
                    _events.Write(new SuiteEvent(_run, "error", null, $"{error.ExceptionTypes.FirstOrDefault()}: {error.Messages.FirstOrDefault()}"));
                    break;
                case ITestAssemblyFinished:
                    _events.Write(new SuiteEvent(_run, "done", null, null));
                    _done?.Invoke();
                    break;
            }

            return true;
        }
    }

    /// <summary>xunit's discovery and execution options, all at their defaults (the suite's own attributes apply).</summary>
    private sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }

    /// <summary>
    /// The library under test and everything it uses, loaded once for all runs: resolved as the test assembly's
    /// dependencies resolve (its .deps.json), else by the process.
    /// </summary>
    internal sealed class SharedLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;

        public SharedLoadContext(string testAssembly)
            : base("pernet-verify-shared")
        {
            _resolver = new AssemblyDependencyResolver(Path.GetFullPath(testAssembly));
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "xunit.abstractions")
                return null; // the one this process talks to xunit through
            return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }

    /// <summary>One run's copy of the test assembly and of xunit; everything else comes from the shared context.</summary>
    private sealed class RunLoadContext : AssemblyLoadContext
    {
        private readonly string _testName;
        private readonly string _directory;
        private readonly SharedLoadContext _shared;

        public RunLoadContext(int run, string testAssembly, string directory, SharedLoadContext shared)
            : base("pernet-verify-run-" + run)
        {
            _testName = Path.GetFileNameWithoutExtension(testAssembly);
            _directory = directory;
            _shared = shared;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "xunit.abstractions")
                return null;
            var own = name.Name == _testName || name.Name is { } n && (n.StartsWith("xunit.", StringComparison.OrdinalIgnoreCase) || n.StartsWith("nunit.", StringComparison.OrdinalIgnoreCase));
            var path = Path.Combine(_directory, name.Name + ".dll");
            if (own && File.Exists(path))
                return LoadFromAssemblyPath(path);
            return _shared.LoadFromAssemblyName(name);
        }
    }

    /// <summary>PerNet.Runtime as the library under test loads it: contexts are made and entered through it by reflection.</summary>
    private sealed class PerNetRuntime
    {
        private readonly MethodInfo _create;
        private readonly MethodInfo _enter;
        private readonly MethodInfo _dispose;

        private PerNetRuntime(Type netContext)
        {
            _create = netContext.GetMethod("Create", new[] { netContext })!;
            _enter = netContext.GetMethod("Enter", Type.EmptyTypes)!;
            _dispose = netContext.GetMethod("Dispose", Type.EmptyTypes)!;
        }

        public static PerNetRuntime? TryLoad(SharedLoadContext shared, string directory)
        {
            if (!File.Exists(Path.Combine(directory, "PerNet.Runtime.dll")))
                return null;
            var type = shared.LoadFromAssemblyName(new AssemblyName("PerNet.Runtime")).GetType("PerNet.NetContext");
            return type is null ? null : new PerNetRuntime(type);
        }

        public object Create() => _create.Invoke(null, new object?[] { null })!;

        public IDisposable Enter(object context) => (IDisposable)_enter.Invoke(context, null)!;

        public void Dispose(object context) => _dispose.Invoke(context, null);
    }
}

/// <summary>One thing that happened in a suite host: a test started, passed, failed or was skipped in a run; a run ended; the process crashed.</summary>
internal sealed record SuiteEvent(int Run, string Kind, string? Test, string? Detail);

/// <summary>Writes <see cref="SuiteEvent"/>s to a file, one JSON object a line, flushed at once (the process may die next).</summary>
internal sealed class EventWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    public EventWriter(string path) => _writer = new StreamWriter(path, append: false) { AutoFlush = true };

    public void Write(SuiteEvent e)
    {
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(JsonSerializer.Serialize(e));
            }
            catch (ObjectDisposedException)
            {
                // after the end: nothing is read any more
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _writer.Dispose();
    }
}
