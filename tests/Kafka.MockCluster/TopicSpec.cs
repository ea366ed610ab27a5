using System.Globalization;

namespace Kafka.MockCluster;

/// <summary>A topic to create when the cluster starts.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count (at least 1).</param>
/// <param name="ReplicationFactor">Replicas per partition; at most the broker count.</param>
public sealed record TopicSpec(string Name, int Partitions, int ReplicationFactor = 1)
{
    /// <summary>Parses <c>name:partitions</c> or <c>name:partitions:replication</c>, as given on the command line.</summary>
    public static TopicSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Kafka topic names consist of letters, digits, '.', '_' and '-', so ':' only separates fields.
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || string.IsNullOrWhiteSpace(parts[0]))
        {
            throw new FormatException($"'{text}' is not NAME:PARTITIONS[:REPLICATION].");
        }

        var partitions = ParsePositive(parts[1], text);
        var replication = parts.Length == 3 ? ParsePositive(parts[2], text) : 1;
        return new TopicSpec(parts[0], partitions, replication);
    }

    private static int ParsePositive(string number, string text) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"'{text}': '{number}' is not a positive number.");
}
