using Recorder.Infrastructure.Kafka.Producing;

namespace Recorder.UnitTests.Tracing;

public sealed class ProducerStatisticsTests
{
    // Trimmed from a librdkafka 2.16 producer's statistics (STATISTICS.md): rtt is in microseconds.
    private const string Report = """
        {"name":"qywx-producer-recorder#producer-1","type":"producer","msg_cnt":3,"msg_size":900,"tx":120,
         "brokers":{
           "127.0.0.1:9092/bootstrap":{"nodeid":-1,"txerrs":0,"txretries":0,"rtt":{"avg":0,"cnt":0}},
           "127.0.0.1:9092/1":{"nodeid":1,"txerrs":2,"txretries":5,"rtt":{"avg":1500,"cnt":40}},
           "127.0.0.1:9093/2":{"nodeid":2,"txerrs":1,"txretries":0,"rtt":{"avg":4200,"cnt":12}}
         }}
        """;

    [Fact]
    public void Requests_retries_errors_and_the_slowest_brokers_round_trip_are_read()
    {
        var statistics = ProducerStatisticsReader.Read(Report);

        Assert.Equal(120, statistics.Requests);
        Assert.Equal(5, statistics.Brokers.Values.Sum(b => b.Retries));
        Assert.Equal(3, statistics.Brokers.Values.Sum(b => b.Errors));
        Assert.Equal(TimeSpan.FromMicroseconds(4200), statistics.SlowestBrokerRtt);
    }

    [Fact]
    public void A_report_without_round_trips_has_none()
    {
        var statistics = ProducerStatisticsReader.Read("""{"tx":0,"brokers":{"b/bootstrap":{"rtt":{"avg":0,"cnt":0}}}}""");

        Assert.Null(statistics.SlowestBrokerRtt);
        Assert.Equal(0, statistics.Requests);
    }

    [Fact]
    public void The_baseline_turns_running_totals_into_increments_and_a_vanished_broker_is_not_a_reset()
    {
        var baseline = new ProducerStatisticsBaseline();

        Assert.Equal((120L, 5L, 3L), baseline.Advance(ProducerStatisticsReader.Read(Report)));
        Assert.Equal((30L, 1L, 0L), baseline.Advance(ProducerStatisticsReader.Read(
            """{"tx":150,"brokers":{"127.0.0.1:9092/1":{"txerrs":2,"txretries":6},"127.0.0.1:9093/2":{"txerrs":1,"txretries":0}}}""")));
        Assert.Equal((0L, 0L, 0L), baseline.Advance(ProducerStatisticsReader.Read(
            """{"tx":150,"brokers":{"127.0.0.1:9092/1":{"txerrs":2,"txretries":6}}}""")));
    }
}
