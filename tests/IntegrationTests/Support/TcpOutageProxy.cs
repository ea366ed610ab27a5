using System.Net;
using System.Net.Sockets;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Relays TCP to a server and can cut it off: while cut, live connections are reset and new ones refused, which is
/// what a client sees when the database server goes away (errors 2013/2006, then 2003). Lets a test take MySQL
/// away from one recorder without stopping the server other tests are using.
/// </summary>
internal sealed class TcpOutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpOutageProxy(IPEndPoint target)
    {
        _target = target;
        Port = Open(0);
    }

    public int Port { get; private set; }

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections)
            {
                // A zero linger turns the close into a reset, as when the server's host vanishes.
                if (connection.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public void Restore() => Open(Port);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Cut();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private int Open(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        lock (_lock)
        {
            _listener = listener;
        }

        _acceptLoop = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            lock (_lock)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut or a closed peer ends the relay.
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }

            client.Dispose();
        }
    }
}
