using System.Net;
using System.Net.Sockets;

namespace Kafka.MockCluster.Tests.Support;

/// <summary>Finds loopback ports that are free right now, for tests of fixed-port listening.</summary>
internal static class FreePorts
{
    /// <summary>A first port such that it and the next <paramref name="count"/> - 1 ports can all be bound.</summary>
    public static int FindConsecutive(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Start from a kernel-chosen free port, then check its successors.
            var first = Bind(0, out var probe);
            using (probe)
            {
                if (first + count - 1 > IPEndPoint.MaxPort)
                {
                    continue;
                }

                var bound = new List<Socket>();
                try
                {
                    for (var port = first + 1; port < first + count; port++)
                    {
                        Bind(port, out var next);
                        bound.Add(next);
                    }

                    return first;
                }
                catch (SocketException)
                {
                    // A successor is taken: try another starting point.
                }
                finally
                {
                    bound.ForEach(s => s.Dispose());
                }
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports found.");
    }

    private static int Bind(int port, out Socket socket)
    {
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return ((IPEndPoint)socket.LocalEndPoint!).Port;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
