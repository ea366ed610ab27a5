using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>Reads what the consumer's metrics take from librdkafka's statistics JSON.</summary>
public static class ConsumerStatisticsReader
{
    /// <summary>
    /// The lag of each partition and the client's running totals of fetched records (<c>rxmsgs</c>) and their bytes
    /// (<c>rxmsg_bytes</c>: key and value); totals missing from the report read as 0. Lags are known ones only
    /// (<c>consumer_lag</c> ≥ 0: high watermark minus committed offset); librdkafka's internal partition -1 and
    /// partitions without a committed offset or watermark (lag -1) are left out.
    /// </summary>
    public static ConsumerStatistics Read(string statisticsJson)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        using var document = JsonDocument.Parse(statisticsJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ConsumerStatistics([], 0, 0);
        }

        return new ConsumerStatistics(Lags(root), Int64(root, "rxmsgs"), Int64(root, "rxmsg_bytes"));
    }

    private static List<PartitionLag> Lags(JsonElement root)
    {
        var lags = new List<PartitionLag>();
        if (!root.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
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

    private static long Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number
            : 0;
}
