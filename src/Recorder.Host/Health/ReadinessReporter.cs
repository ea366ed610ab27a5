using Recorder.Infrastructure.Observability;

namespace Recorder.Host.Health;

/// <summary>
/// Publishes the readiness probe's verdict as <c>qywx_recorder_ready</c> (1/0) every <see cref="Interval"/>, so that an
/// instance that stays unready can raise an alert: the orchestrator acts on <c>/readyz</c> but pages no one.
/// </summary>
/// <remarks>
/// A timer rather than a check at scrape time: the probe's server checks may take seconds when a dependency hangs,
/// and a scrape must stay fast. Each run costs one metadata request and one <c>SELECT 1</c> at most (the probe caches
/// its answer for 5 s, shared with <c>/readyz</c>).
/// </remarks>
internal sealed partial class ReadinessReporter(
    ReadinessProbe probe, RecorderMetrics metrics, TimeProvider time, ILogger<ReadinessReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                metrics.SetReady(await IsReadyAsync(stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping means draining: new work belongs to the other instances, as /readyz says too.
            metrics.SetReady(false);
        }
    }

    private async Task<bool> IsReadyAsync(CancellationToken stoppingToken)
    {
        try
        {
            return (await probe.CheckAsync(stoppingToken)).IsReady;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A probe that cannot even run is a failed probe; it must never stop the host.
            LogProbeFailed(ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The readiness check failed to run; reporting not ready")]
    private partial void LogProbeFailed(Exception exception);
}
