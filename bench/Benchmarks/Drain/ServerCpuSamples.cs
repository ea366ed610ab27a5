namespace Recorder.Benchmarks.Drain;

/// <summary>
/// The server's CPU time read every 50 ms while a drain runs, so that its CPU can be taken from the moment the first
/// row was stored, which is known only afterwards (from the rows' <c>created_at</c>).
/// </summary>
internal sealed class ServerCpuSamples : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly List<(double UnixMs, TimeSpan Cpu)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private ServerCpuSamples(ServerCpu server) => _sampling = SampleAsync(server, _stop.Token);

    public static ServerCpuSamples Start(ServerCpu server) => new(server);

    /// <summary>The server's CPU time at <paramref name="unixMs"/>, from the last sample before it; null when not measured.</summary>
    public TimeSpan? At(double unixMs)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return null;
            }

            // The last sample at or before the moment; the first one when the moment came before any.
            return _samples[Math.Max(_samples.FindLastIndex(s => s.UnixMs <= unixMs), 0)].Cpu;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        _stop.Dispose();
    }

    private async Task SampleAsync(ServerCpu server, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && server.Now() is { } cpu)
        {
            lock (_samples)
            {
                _samples.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cpu));
            }

            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
