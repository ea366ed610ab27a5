using System.Text.Json;

namespace Recorder.Infrastructure.Kafka.Producing;

/// <summary>Reads the producer's figures from librdkafka's statistics JSON (STATISTICS.md of librdkafka 2.16).</summary>
public static class ProducerStatisticsReader
{
    public static ProducerStatistics Read(string statisticsJson)
    {
        ArgumentNullException.ThrowIfNull(statisticsJson);
        using var document = JsonDocument.Parse(statisticsJson);
        var root = document.RootElement;
        var brokers = new Dictionary<string, BrokerRequestTotals>(StringComparer.Ordinal);
        TimeSpan? slowest = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ProducerStatistics(0, brokers, null);
        }

        if (root.TryGetProperty("brokers", out var list) && list.ValueKind == JsonValueKind.Object)
        {
            foreach (var broker in list.EnumerateObject())
            {
                if (broker.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                brokers[broker.Name] = new BrokerRequestTotals(Int64(broker.Value, "txretries"), Int64(broker.Value, "txerrs"));
                // rtt is a window statistic in microseconds; a broker without requests in the window reports cnt 0.
                if (broker.Value.TryGetProperty("rtt", out var rtt) && rtt.ValueKind == JsonValueKind.Object
                    && Int64(rtt, "cnt") > 0)
                {
                    var average = TimeSpan.FromMicroseconds(Int64(rtt, "avg"));
                    slowest = slowest is { } s && s >= average ? s : average;
                }
            }
        }

        return new ProducerStatistics(Int64(root, "tx"), brokers, slowest);
    }

    private static long Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : 0;
}
