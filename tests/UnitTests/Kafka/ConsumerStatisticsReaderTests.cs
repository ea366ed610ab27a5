using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;

namespace Recorder.UnitTests.Kafka;

public class ConsumerStatisticsReaderTests
{
    [Fact]
    public void Reads_the_known_lag_of_each_partition()
    {
        const string json = """
        {
          "name": "rdkafka#consumer-1", "type": "consumer",
          "topics": {
            "qywx-recorder": {
              "topic": "qywx-recorder",
              "partitions": {
                "0": { "partition": 0, "hi_offset": 120, "committed_offset": 100, "consumer_lag": 20 },
                "1": { "partition": 1, "hi_offset": 50, "committed_offset": -1001, "consumer_lag": -1 },
                "2": { "partition": 2, "hi_offset": 7, "committed_offset": 7, "consumer_lag": 0 },
                "-1": { "partition": -1, "consumer_lag": -1 }
              }
            },
            "other": { "topic": "other" }
          }
        }
        """;

        var lags = ConsumerStatisticsReader.Read(json).Lags;

        Assert.Equal(
            [
                new PartitionLag(new TopicPartition("qywx-recorder", 0), 20),
                new PartitionLag(new TopicPartition("qywx-recorder", 2), 0),
            ],
            lags);
    }

    [Fact]
    public void Reads_the_clients_running_totals_of_fetched_records()
    {
        var statistics = ConsumerStatisticsReader.Read("""{ "name": "c", "rxmsgs": 1234, "rxmsg_bytes": 567890, "topics": {} }""");

        Assert.Equal(1_234, statistics.FetchedMessages);
        Assert.Equal(567_890, statistics.FetchedBytes);
        Assert.Empty(statistics.Lags);
    }

    [Theory]
    [InlineData("""{ "name": "c" }""")]
    [InlineData("""{ "rxmsgs": -1, "rxmsg_bytes": "many" }""")]
    [InlineData("[]")]
    public void Missing_or_unusable_fetch_totals_read_as_zero(string json)
    {
        var statistics = ConsumerStatisticsReader.Read(json);

        Assert.Equal(0, statistics.FetchedMessages);
        Assert.Equal(0, statistics.FetchedBytes);
    }

    [Fact]
    public void Statistics_without_topics_have_no_lag()
    {
        Assert.Empty(ConsumerStatisticsReader.Read("""{ "name": "c", "brokers": {} }""").Lags);
    }
}
