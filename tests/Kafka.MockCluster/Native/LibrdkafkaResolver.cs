using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kafka.MockCluster.Native;

/// <summary>
/// Binds the harness's imports to the same native librdkafka that Confluent.Kafka loads from librdkafka.redist.
/// </summary>
/// <remarks>
/// The redist package ships several Linux builds. Its main <c>librdkafka.so</c> links against
/// <c>libsasl2.so.3</c>, which Debian 12 lacks (it has .so.2), so Confluent.Kafka falls back to the bundled
/// <c>centos8-librdkafka.so</c>. The harness asks for the same names in the same order: whichever file opens is the
/// one Confluent.Kafka opened too, and the dynamic loader hands both callers one copy of it, so the mock cluster and
/// the clients under test share librdkafka's state.
/// </remarks>
internal static class LibrdkafkaResolver
{
    private static readonly string[] Candidates = ["librdkafka", "centos8-librdkafka", "alpine-librdkafka"];

#pragma warning disable CA2255 // The resolver must be in place before the first import of this assembly runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaResolver).Assembly, Resolve);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, LibrdkafkaNative.LibraryName, StringComparison.Ordinal))
        {
            return nint.Zero;
        }

        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return nint.Zero;
    }
}
