using System.Reflection;
using System.Runtime.Versioning;

namespace PerNet.Runtime.Tests;

/// <summary>Each test run exercises the runtime build it claims to, on the .NET it claims to.</summary>
public class TargetTests
{
    [Fact]
    public void RunsOnTheFrameworkItTargets()
    {
#if NET10_0_OR_GREATER
        Assert.Equal(10, Environment.Version.Major);
#else
        Assert.Equal(8, Environment.Version.Major); // not rolled forward to the installed .NET 10
#endif
    }

    [Fact]
    public void ExercisesTheRuntimeBuildItMeans()
    {
        var target = typeof(NetContext).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
#if RUNTIME_NETSTANDARD
        Assert.Equal(".NETStandard,Version=v2.0", target);
#elif NET10_0_OR_GREATER
        Assert.Equal(".NETCoreApp,Version=v10.0", target);
#else
        Assert.Equal(".NETCoreApp,Version=v8.0", target);
#endif
    }
}
