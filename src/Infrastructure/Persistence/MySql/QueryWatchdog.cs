using System.Globalization;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Watches one in-flight query for its command timeout and its cancellation token. When either fires, it sends
/// <c>KILL QUERY &lt;thread id&gt;</c> from a separate, unpooled connection (the pool may be exhausted), so the server
/// stops the work and the blocked native call returns. If the server cannot be reached or the query does not stop
/// within a grace period, the socket is shut down under the call and the connection is discarded.
/// </summary>
internal sealed class QueryWatchdog : IDisposable
{
    private const int Armed = 0;
    private const int Cancelled = 1;
    private const int TimedOut = 2;
    private const int Disarmed = 3;

    private static readonly TimeSpan KillGracePeriod = TimeSpan.FromSeconds(3);

    private readonly MySqlPhysicalConnection _connection;
    private readonly Task _query;
    private readonly int _timeoutSeconds;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _gate = new();
    private readonly CancellationTokenRegistration _registration;
    private readonly Timer? _timer;
    private int _state;
    private Task _kill = Task.CompletedTask;

    public QueryWatchdog(MySqlPhysicalConnection connection, Task query, int timeoutSeconds, CancellationToken cancellationToken)
    {
        _connection = connection;
        _query = query;
        _timeoutSeconds = timeoutSeconds;
        _cancellationToken = cancellationToken;
        if (timeoutSeconds > 0)
        {
            _timer = new Timer(static s => ((QueryWatchdog)s!).Fire(TimedOut), this, timeoutSeconds * 1000L, Timeout.Infinite);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((QueryWatchdog)s!).Fire(Cancelled), this);
        }
    }

    public bool HasFired => Volatile.Read(ref _state) is Cancelled or TimedOut;

    /// <summary>The exception the caller should see for a query that failed after the watchdog fired.</summary>
    public Exception DescribeFailure(MySqlException failure) => Volatile.Read(ref _state) == Cancelled
        ? new OperationCanceledException("The MySQL command was cancelled; its query was killed on the server.", failure, _cancellationToken)
        : MySqlException.Timeout(
            string.Create(CultureInfo.InvariantCulture,
                $"The MySQL command timed out after {_timeoutSeconds} s (CommandTimeout / Default Command Timeout); its query was killed on the server."),
            failure);

    /// <summary>Stops watching and waits for a KILL already under way.</summary>
    public async ValueTask DisarmAsync(bool isAsync)
    {
        Task kill;
        lock (_gate)
        {
            if (_state == Armed)
            {
                _state = Disarmed;
            }

            kill = _kill;
        }

        Dispose();
        if (isAsync)
        {
            await kill;
        }
        else
        {
            kill.GetAwaiter().GetResult();
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _registration.Dispose();
    }

    private void Fire(int reason)
    {
        lock (_gate)
        {
            if (_state != Armed)
            {
                return;
            }

            _state = reason;
            _kill = KillAsync();
        }
    }

    private async Task KillAsync()
    {
        await Task.Yield();
        var killed = false;
        try
        {
            await using var side = await MySqlPhysicalConnection.OpenAsync(_connection.Settings);
            await side.ExecuteTextAsync("KILL QUERY " + _connection.ServerThreadId.ToString(CultureInfo.InvariantCulture));
            killed = true;
        }
        catch (Exception ex) when (ex is MySqlException or ObjectDisposedException)
        {
            // Server unreachable or KILL refused: fall through to aborting the socket.
        }

        if (!killed || await Task.WhenAny(_query, Task.Delay(KillGracePeriod)) != _query)
        {
            _connection.AbortNetworkCall();
        }
    }
}
