using System.Globalization;
using Prometheus;
using Names = Recorder.Infrastructure.Observability.RecorderMetricNames;

namespace Recorder.Infrastructure.Observability;

/// <summary>
/// The consumer's per-partition gauges, labelled <c>topic</c> and <c>partition</c>. A partition this consumer no
/// longer owns is forgotten, so its series disappear instead of freezing at a stale value.
/// </summary>
internal sealed class PartitionGauges
{
    private readonly Gauge _backlog;
    private readonly Gauge _lag;
    private readonly Gauge _lagSeconds;
    private readonly Gauge _paused;

    public PartitionGauges(IMetricFactory factory)
    {
        string[] labels = ["topic", "partition"];
        _backlog = factory.CreateGauge(Names.CommitGateBacklog, "Completed offsets per partition not yet committable because an earlier offset is still in flight.", labels);
        _lag = factory.CreateGauge(Names.ConsumerLag, "Messages between the partition's high watermark and the committed offset.", labels);
        _lagSeconds = factory.CreateGauge(Names.ConsumerLagSeconds, "How old the newest record this consumer finished on the partition is, while the partition has lag; 0 when caught up.", labels);
        _paused = factory.CreateGauge(Names.PartitionPaused, "1 when fetching from the partition is paused (in-flight budget spent or retry back-off).", labels);
    }

    public void SetBacklog(string topic, int partition, long backlog) => SetOrRemove(_backlog, topic, partition, backlog);

    public void SetLag(string topic, int partition, long lag) => SetOrRemove(_lag, topic, partition, lag);

    public void SetLagSeconds(string topic, int partition, double seconds)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (double.IsNaN(seconds) || seconds < 0)
        {
            _lagSeconds.RemoveLabelled(topic, Label(partition));
        }
        else
        {
            _lagSeconds.WithLabels(topic, Label(partition)).Set(seconds);
        }
    }

    public void SetPaused(string topic, int partition, bool paused) => SetOrRemove(_paused, topic, partition, paused ? 1 : 0);

    public void Forget(string topic, int partition)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var label = Label(partition);
        _backlog.RemoveLabelled(topic, label);
        _lag.RemoveLabelled(topic, label);
        _lagSeconds.RemoveLabelled(topic, label);
        _paused.RemoveLabelled(topic, label);
    }

    // A negative value means "not known" (librdkafka reports lag -1 before the first fetch): absent, not zero.
    private static void SetOrRemove(Gauge gauge, string topic, int partition, long value)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (value < 0)
        {
            gauge.RemoveLabelled(topic, Label(partition));
        }
        else
        {
            gauge.WithLabels(topic, Label(partition)).Set(value);
        }
    }

    private static string Label(int partition) => partition.ToString(CultureInfo.InvariantCulture);
}
