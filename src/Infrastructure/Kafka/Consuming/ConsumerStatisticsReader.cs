using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Reads per-partition consumer lag from librdkafka's statistics JSON.</summary>
public static class ConsumerStatisticsReader
{
    /// <summary>
    /// Partitions with a known lag (<c>consumer_lag</c> ≥ 0: high watermark minus committed offset). librdkafka's
    /// internal partition -1 and partitions without a committed offset or watermark (lag -1) are left out.
    /// </summary>
    public static IReadOnlyList<PartitionLag> ReadLag(string statisticsJson)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        var lags = new List<PartitionLag>();
        using var document = JsonDocument.Parse(statisticsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("topics", out var topics)
            || topics.ValueKind != JsonValueKind.Object)
        {
            return lags;
        }

        foreach (var topic in topics.EnumerateObject())
        {
            if (topic.Value.ValueKind != JsonValueKind.Object
                || !topic.Value.TryGetProperty("partitions", out var partitions)
                || partitions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var partition in partitions.EnumerateObject())
            {
                if (int.TryParse(partition.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                    && id >= 0
                    && partition.Value.ValueKind == JsonValueKind.Object
                    && partition.Value.TryGetProperty("consumer_lag", out var lagElement)
                    && lagElement.ValueKind == JsonValueKind.Number
                    && lagElement.TryGetInt64(out var lag)
                    && lag >= 0)
                {
                    lags.Add(new PartitionLag(new TopicPartition(topic.Name, id), lag));
                }
            }
        }

        return lags;
    }
}
