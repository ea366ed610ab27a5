using System.Runtime.InteropServices;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>Sends POSIX signals; <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL.</summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static void Signal(int processId, int signal)
    {
        if (kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
