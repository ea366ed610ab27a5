using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Kafka.MockCluster.Forwarding;

/// <summary>One accepted client connection and its upstream connection, relayed in both directions.</summary>
internal sealed class ForwardedConnection : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _client;
    private readonly Socket _upstream;
    private readonly IPEndPoint _target;
    private Task _completion = Task.CompletedTask;

    public ForwardedConnection(Socket client, IPEndPoint target)
    {
        _client = client;
        _target = target;
        _upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // Kafka requests are small and latency-bound; Nagle on a relay would add delayed-ACK stalls.
        _client.NoDelay = true;
        _upstream.NoDelay = true;
    }

    /// <summary>Completes when both directions are finished and both sockets are closed; never faults.</summary>
    public Task Completion => _completion;

    public void Start(CancellationToken stopping) => _completion = Task.Run(() => RunAsync(stopping), CancellationToken.None);

    /// <summary>Closes both sockets, which ends both relay directions.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _upstream.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                connectTimeout.CancelAfter(ConnectTimeout);
                await _upstream.ConnectAsync(_target, connectTimeout.Token);
            }

            await Task.WhenAll(
                RelayAsync(_client, _upstream, stopping),
                RelayAsync(_upstream, _client, stopping));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Refused upstream, reset, or stopping: closing both sides tells the client.
        }
        finally
        {
            Dispose();
        }
    }

    private async Task RelayAsync(Socket from, Socket to, CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, stopping);
                if (received == 0)
                {
                    // Pass the half-close on; the other direction may still carry a response.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = 0;
                while (sent < received)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, stopping);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One direction failing ends the connection: close both so the other direction stops too.
            Dispose();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
