using System.Diagnostics;
using System.Globalization;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// A bounded pool of physical connections for one connection string. At most Maximum Pool Size connections exist
/// (open, opening or closing); when all are in use, an open waits up to Connection Timeout for one to come back and
/// then fails with a <see cref="MySqlErrorKind.Timeout"/> error. Connections are reused most-recently-returned first;
/// one idle longer than Connection Idle Ping Time is pinged before reuse and replaced when dead, one that failed at
/// the connection level is discarded when returned.
/// </summary>
internal sealed class MySqlConnectionPool : IAsyncDisposable
{
    private readonly MySqlConnectionSettings _settings;
    private readonly Lock _gate = new();
    private readonly List<MySqlPhysicalConnection> _idle = [];
    private readonly LinkedList<TaskCompletionSource<MySqlPhysicalConnection?>> _waiters = new();
    private readonly Timer? _pruneTimer;
    private int _inUse;
    private int _opening;
    private int _closing;
    private long _waitCount;
    private long _waitTicks;
    private bool _disposed;

    public MySqlConnectionPool(MySqlConnectionSettings settings)
    {
        _settings = settings;
        if (settings.Pooling && settings.IdleTimeout > TimeSpan.Zero)
        {
            var period = TimeSpan.FromSeconds(Math.Clamp(settings.IdleTimeout.TotalSeconds / 2, 1, 30));
            _pruneTimer = new Timer(static s => ((MySqlConnectionPool)s!).PruneIdle(), this, period, period);
        }
    }

    private int Total => _idle.Count + _inUse + _opening + _closing;

    public MySqlPoolStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new MySqlPoolStatistics(_idle.Count + _inUse, _inUse, _idle.Count, _waitCount,
                (double)_waitTicks / Stopwatch.Frequency);
        }
    }

    public async ValueTask<MySqlPhysicalConnection> RentAsync(bool isAsync, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MySqlPhysicalConnection? idle = null;
            TaskCompletionSource<MySqlPhysicalConnection?>? waiter = null;
            var create = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0)
                {
                    idle = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                    _inUse++;
                }
                else if (Total < _settings.MaximumPoolSize)
                {
                    _opening++;
                    create = true;
                }
                else
                {
                    waiter = new TaskCompletionSource<MySqlPhysicalConnection?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.AddLast(waiter);
                    if (!waited)
                    {
                        waited = true;
                        _waitCount++;
                    }
                }
            }

            if (idle is not null)
            {
                if (await IsUsableAsync(idle, isAsync))
                {
                    return idle;
                }

                Discard(idle);
                continue;
            }

            if (create)
            {
                var opened = await OpenNewAsync(isAsync, cancellationToken);
                TopUpToMinimum();
                return opened;
            }

            var waitStarted = Stopwatch.GetTimestamp();
            MySqlPhysicalConnection? granted;
            try
            {
                granted = await WaitForGrantAsync(waiter!, started, isAsync, cancellationToken);
            }
            finally
            {
                var waitedTicks = Stopwatch.GetTimestamp() - waitStarted;
                lock (_gate)
                {
                    _waitTicks += waitedTicks;
                }
            }

            if (granted is not null)
            {
                return granted;
            }

            // Granted a free slot (a connection was discarded): open a new connection in it.
            return await OpenNewAsync(isAsync, cancellationToken);
        }
    }

    /// <summary>Takes a connection back. Returns a task only so that asynchronous closers can wait for a needed reset
    /// (rollback of an open transaction); synchronous closers may ignore it.</summary>
    public Task ReturnAsync(MySqlPhysicalConnection connection)
    {
        // A transaction still open here means its ROLLBACK already failed or was skipped; a second one through
        // the pool would have no time limit against a stalled server. Closing is bounded, and the server rolls the
        // transaction back when the session ends.
        if (connection.IsBroken || !_settings.Pooling || connection.InTransaction)
        {
            Discard(connection);
            return Task.CompletedTask;
        }

        if (connection.NeedsReset)
        {
            return ResetThenReturnAsync(connection);
        }

        Release(connection);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        List<MySqlPhysicalConnection> idle;
        List<TaskCompletionSource<MySqlPhysicalConnection?>> waiters;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _closing += _idle.Count;
            _idle.Clear();
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(MySqlDataSource), "The MySQL data source has been disposed."));
        }

        if (_pruneTimer is not null)
        {
            await _pruneTimer.DisposeAsync();
        }

        foreach (var connection in idle)
        {
            await CloseAsync(connection);
        }
    }

    private async ValueTask<bool> IsUsableAsync(MySqlPhysicalConnection connection, bool isAsync)
    {
        if (connection.IsBroken)
        {
            return false;
        }

        if (Stopwatch.GetElapsedTime(connection.IdleSince) < _settings.IdlePingTime)
        {
            return true;
        }

        // A server that vanished without closing the socket would leave the ping waiting for a reply indefinitely.
        var ping = connection.PingAsync();
        try
        {
            if (isAsync)
            {
                return await ping.WaitAsync(_settings.ConnectionTimeout);
            }

            if (ping.Wait(_settings.ConnectionTimeout))
            {
                return ping.Result;
            }

            connection.AbortNetworkCall();
            return false;
        }
        catch (TimeoutException)
        {
            connection.AbortNetworkCall();
            return false;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or AggregateException)
        {
            return false;
        }
    }

    private async ValueTask<MySqlPhysicalConnection> OpenNewAsync(bool isAsync, CancellationToken cancellationToken)
    {
        // The slot is already counted in _opening. It is released only when the native connect has finished, even
        // if the caller stops waiting, so the bound on native threads holds.
        var open = MySqlPhysicalConnection.OpenAsync(_settings);
        try
        {
            var connection = isAsync ? await open.WaitAsync(cancellationToken) : open.GetAwaiter().GetResult();
            lock (_gate)
            {
                _opening--;
                _inUse++;
            }

            return connection;
        }
        catch (OperationCanceledException)
        {
            // Also when the open completed just as the wait was cancelled: that connection is disposed there too.
            _ = AbandonOpeningAsync(open);
            throw;
        }
        catch
        {
            ReleaseSlot(ref _opening);
            throw;
        }
    }

    private async Task AbandonOpeningAsync(Task<MySqlPhysicalConnection> open)
    {
        try
        {
            var connection = await open;
            await connection.DisposeAsync();
        }
        catch (MySqlException)
        {
            // The caller has gone; the failure has nobody to report to.
        }
        finally
        {
            ReleaseSlot(ref _opening);
        }
    }

    private async ValueTask<MySqlPhysicalConnection?> WaitForGrantAsync(
        TaskCompletionSource<MySqlPhysicalConnection?> waiter, long started, bool isAsync, CancellationToken cancellationToken)
    {
        var remaining = _settings.ConnectionTimeout - Stopwatch.GetElapsedTime(started);
        try
        {
            if (remaining > TimeSpan.Zero)
            {
                if (isAsync)
                {
                    return await waiter.Task.WaitAsync(remaining, cancellationToken);
                }

                bool completed;
                try
                {
                    completed = waiter.Task.Wait(remaining, cancellationToken);
                }
                catch (AggregateException)
                {
                    completed = true;
                }

                if (completed)
                {
                    return waiter.Task.GetAwaiter().GetResult();
                }
            }
        }
        catch (TimeoutException)
        {
            // Reported below, unless a grant raced with the timeout.
        }
        catch (OperationCanceledException)
        {
            if (!Withdraw(waiter))
            {
                ReturnGrant(waiter.Task.GetAwaiter().GetResult());
            }

            throw;
        }

        if (!Withdraw(waiter))
        {
            return waiter.Task.GetAwaiter().GetResult();
        }

        var waitedFor = Stopwatch.GetElapsedTime(started).TotalSeconds;
        throw MySqlException.Timeout(string.Create(CultureInfo.InvariantCulture,
            $"connection pool exhausted: all {_settings.MaximumPoolSize} connections in use for {waitedFor:0.0} s " +
            $"(Maximum Pool Size={_settings.MaximumPoolSize}, Connection Timeout={_settings.ConnectionTimeout.TotalSeconds:0} s)"));
    }

    /// <summary>Removes a waiter that gives up; false when it was already granted something it must now use or hand back.</summary>
    private bool Withdraw(TaskCompletionSource<MySqlPhysicalConnection?> waiter)
    {
        lock (_gate)
        {
            return _waiters.Remove(waiter);
        }
    }

    private void ReturnGrant(MySqlPhysicalConnection? granted)
    {
        if (granted is not null)
        {
            Release(granted);
        }
        else
        {
            ReleaseSlot(ref _opening);
        }
    }

    private void Release(MySqlPhysicalConnection connection)
    {
        TaskCompletionSource<MySqlPhysicalConnection?>? waiter = null;
        var close = false;
        lock (_gate)
        {
            if (_disposed)
            {
                _inUse--;
                _closing++;
                close = true;
            }
            else if (_waiters.First is { } first)
            {
                // Handed over directly: it stays "in use".
                waiter = first.Value;
                _waiters.RemoveFirst();
            }
            else
            {
                _inUse--;
                connection.IdleSince = Stopwatch.GetTimestamp();
                _idle.Add(connection);
            }
        }

        if (close)
        {
            _ = CloseAsync(connection);
        }

        waiter?.TrySetResult(connection);
    }

    private async Task ResetThenReturnAsync(MySqlPhysicalConnection connection)
    {
        try
        {
            await connection.ResetForReuseAsync();
        }
        catch (ObjectDisposedException)
        {
            connection.MarkBroken();
        }

        if (connection.IsBroken)
        {
            Discard(connection);
        }
        else
        {
            Release(connection);
        }
    }

    /// <summary>Closes a rented connection that must not be reused and frees its slot.</summary>
    private void Discard(MySqlPhysicalConnection connection)
    {
        lock (_gate)
        {
            _inUse--;
            _closing++;
        }

        _ = CloseAsync(connection);
    }

    private async Task CloseAsync(MySqlPhysicalConnection connection)
    {
        try
        {
            await connection.DisposeAsync();
        }
        finally
        {
            ReleaseSlot(ref _closing);
        }
    }

    /// <summary>Frees one slot counted in <paramref name="counter"/>; a waiter, if any, inherits it as an opening slot.</summary>
    private void ReleaseSlot(ref int counter)
    {
        TaskCompletionSource<MySqlPhysicalConnection?>? waiter = null;
        lock (_gate)
        {
            counter--;
            if (!_disposed && _waiters.First is { } first)
            {
                waiter = first.Value;
                _waiters.RemoveFirst();
                _opening++;
            }
        }

        waiter?.TrySetResult(null);
    }

    /// <summary>Opens connections in the background until Minimum Pool Size exist.</summary>
    private void TopUpToMinimum()
    {
        int missing;
        lock (_gate)
        {
            missing = _disposed || !_settings.Pooling ? 0 : Math.Max(0, _settings.MinimumPoolSize - Total);
            _opening += missing;
        }

        for (var i = 0; i < missing; i++)
        {
            _ = OpenIdleAsync();
        }
    }

    private async Task OpenIdleAsync()
    {
        MySqlPhysicalConnection connection;
        try
        {
            connection = await MySqlPhysicalConnection.OpenAsync(_settings);
        }
        catch (MySqlException)
        {
            // Warm-up is best effort; a real open will report the problem.
            ReleaseSlot(ref _opening);
            return;
        }

        lock (_gate)
        {
            _opening--;
            _inUse++;
        }

        Release(connection);
    }

    private void PruneIdle()
    {
        List<MySqlPhysicalConnection>? expired = null;
        lock (_gate)
        {
            // Oldest first; keep Minimum Pool Size connections.
            while (_idle.Count > 0 && _idle.Count + _inUse > _settings.MinimumPoolSize
                && Stopwatch.GetElapsedTime(_idle[0].IdleSince) > _settings.IdleTimeout)
            {
                (expired ??= []).Add(_idle[0]);
                _idle.RemoveAt(0);
                _closing++;
            }
        }

        foreach (var connection in expired ?? [])
        {
            _ = CloseAsync(connection);
        }
    }
}
