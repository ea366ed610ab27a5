using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Kafka.MockCluster.Forwarding;

/// <summary>
/// Listens on one TCP endpoint and relays every accepted connection, both directions, to a target endpoint.
/// </summary>
/// <remarks>
/// The mock brokers listen on ephemeral loopback ports only; a forwarder gives a broker a fixed, predictable
/// port. When the target refuses a connection (a broker set down), the accepted connection is closed at once, so
/// the client sees the same failure it would see from the broker itself.
/// </remarks>
public sealed class TcpForwarder : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AcceptErrorPause = TimeSpan.FromMilliseconds(50);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, ForwardedConnection> _connections = new();
    private readonly Task _acceptLoop;
    private long _lastConnectionId;
    private int _disposed;

    private TcpForwarder(Socket listener, IPEndPoint target)
    {
        _listener = listener;
        Target = target;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
    }

    /// <summary>The endpoint clients connect to (with the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Where connections are relayed to.</summary>
    public IPEndPoint Target { get; }

    /// <summary>Connections currently being relayed.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Binds <paramref name="listenOn"/> (port 0 picks a free port) and starts accepting.</summary>
    /// <exception cref="SocketException">The port is taken or cannot be bound.</exception>
    public static TcpForwarder Start(IPEndPoint listenOn, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        ArgumentNullException.ThrowIfNull(target);

        var listener = new Socket(listenOn.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // SO_REUSEADDR only (the managed ReuseAddress option adds SO_REUSEPORT, which would let a second
                // process share the port): a restarted program can bind while old connections sit in TIME_WAIT.
                const int SolSocket = 1;
                const int SoReuseAddr = 2;
                listener.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            listener.Bind(listenOn);
            listener.Listen(backlog: 128);
            return new TcpForwarder(listener, target);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Stops listening and closes every relayed connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop.WaitAsync(StopTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var connections = _connections.Values.ToArray();
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        await Task.WhenAll(connections.Select(c => c.Completion))
            .WaitAsync(StopTimeout)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (stopping.IsCancellationRequested &&
                                      e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed between SYN and accept, or descriptors running out: keep serving.
                await Task.Delay(AcceptErrorPause, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var id = Interlocked.Increment(ref _lastConnectionId);
            var connection = new ForwardedConnection(client, Target);
            _connections[id] = connection;
            connection.Start(stopping);
            _ = connection.Completion.ContinueWith(
                (_, state) => _connections.TryRemove((long)state!, out ForwardedConnection? _),
                id,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
