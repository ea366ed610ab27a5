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

        var lags = ConsumerStatisticsReader.ReadLag(json);

        Assert.Equal(
            [
                new PartitionLag(new TopicPartition("qywx-recorder", 0), 20),
                new PartitionLag(new TopicPartition("qywx-recorder", 2), 0),
            ],
            lags);
    }

    [Fact]
    public void Statistics_without_topics_have_no_lag()
    {
        Assert.Empty(ConsumerStatisticsReader.ReadLag("""{ "name": "c", "brokers": {} }"""));
    }
}
