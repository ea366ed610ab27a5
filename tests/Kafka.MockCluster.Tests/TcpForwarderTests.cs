using System.Net;
using System.Net.Sockets;
using Kafka.MockCluster.Forwarding;
using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class TcpForwarderTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task Relays_bytes_both_ways_and_passes_the_half_close_on()
    {
        using var timeout = TestTimeout.Seconds(30);
        using var target = Listen();
        await using var forwarder = TcpForwarder.Start(AnyLoopbackPort, (IPEndPoint)target.LocalEndPoint!);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        await client.ConnectAsync(forwarder.LocalEndPoint, timeout.Token);
        using var upstream = await target.AcceptAsync(timeout.Token);
        var request = new byte[300_000];
        Random.Shared.NextBytes(request);
        // Readers run while the writers write: larger than socket buffers, the relay must stream.
        var receiving = ReadToEndAsync(upstream, timeout.Token);
        var responding = ReadToEndAsync(client, timeout.Token);
        await client.SendAsync(request, SocketFlags.None, timeout.Token);
        client.Shutdown(SocketShutdown.Send);
        var received = await receiving;
        await upstream.SendAsync(received.Reverse().ToArray(), SocketFlags.None, timeout.Token);
        upstream.Shutdown(SocketShutdown.Send);
        var response = await responding;

        Assert.Equal(request, received);
        Assert.Equal(request.Reverse(), response);
        Assert.Equal((IPEndPoint)target.LocalEndPoint!, forwarder.Target);
    }

    [Fact]
    public async Task A_refused_target_closes_the_accepted_connection()
    {
        using var timeout = TestTimeout.Seconds(30);
        IPEndPoint closedPort;
        using (var unused = Listen())
        {
            closedPort = (IPEndPoint)unused.LocalEndPoint!;
        }

        await using var forwarder = TcpForwarder.Start(AnyLoopbackPort, closedPort);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(forwarder.LocalEndPoint, timeout.Token);

        Assert.Empty(await ReadToEndAsync(client, timeout.Token));
    }

    [Fact]
    public async Task Dispose_closes_relayed_connections_and_frees_the_port()
    {
        using var timeout = TestTimeout.Seconds(30);
        using var target = Listen();
        var forwarder = TcpForwarder.Start(AnyLoopbackPort, (IPEndPoint)target.LocalEndPoint!);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(forwarder.LocalEndPoint, timeout.Token);
        using var upstream = await target.AcceptAsync(timeout.Token);
        await Wait.UntilAsync(() => forwarder.ActiveConnections == 1, "the connection is relayed", timeout.Token);

        await forwarder.DisposeAsync();

        Assert.Empty(await ReadToEndAsync(client, timeout.Token));
        Assert.Equal(0, forwarder.ActiveConnections);
        await using var again = TcpForwarder.Start(forwarder.LocalEndPoint, (IPEndPoint)target.LocalEndPoint!);
        Assert.Equal(forwarder.LocalEndPoint, again.LocalEndPoint);
    }

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(AnyLoopbackPort);
        listener.Listen();
        return listener;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int count;
            while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, count);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset ends the stream just as a close does.
        }

        return received.ToArray();
    }
}
