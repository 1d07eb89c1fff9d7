using System.Runtime.CompilerServices;
using PerNet;

namespace PerNetStack;

/// <summary>
/// Registers the stack's per-context operations once per process, as the kernel does at boot:
/// devices (a loopback in every context, devices sent home at teardown) and the UDP layer (sockets
/// closed at teardown). Every other subsystem's state is created on first use in each context.
/// </summary>
public static class NetStack
{
#pragma warning disable CA2255 // The operations must be registered before any context exists, like kernel subsystems at boot.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        Pernet.RegisterSubsystem(new Udp.Operations());
        Pernet.RegisterDevice(new Devices.Operations());
    }
}
