using Kafka.MockCluster.Hosting;

namespace Kafka.MockCluster.Tests;

public sealed class MockClusterCommandLineTests
{
    [Fact]
    public void Parses_the_demo_command_line()
    {
        var parsed = MockClusterCommandLine.Parse(
            ["--brokers", "3", "--port", "19092", "--topic", "qywx-recorder:24:3", "--topic", "qywx-recorder.dlq:4", "--rebalance-delay-ms", "0"]);

        Assert.False(parsed.ShowHelp);
        Assert.Equal(3, parsed.Options.Brokers);
        Assert.Equal(19092, parsed.Options.ForwarderFirstPort);
        Assert.Equal([new TopicSpec("qywx-recorder", 24, 3), new TopicSpec("qywx-recorder.dlq", 4, 1)], parsed.Options.Topics);
        Assert.Equal(TimeSpan.Zero, parsed.Options.GroupInitialRebalanceDelay);
    }

    [Fact]
    public void Defaults_to_one_broker_on_its_own_port_with_no_topics()
    {
        var parsed = MockClusterCommandLine.Parse([]);

        Assert.Equal(1, parsed.Options.Brokers);
        Assert.Null(parsed.Options.ForwarderFirstPort);
        Assert.Empty(parsed.Options.Topics);
        Assert.Null(parsed.Options.GroupInitialRebalanceDelay);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_wins_over_everything_else(string flag) =>
        Assert.True(MockClusterCommandLine.Parse(["--brokers", "2", flag, "--nonsense"]).ShowHelp);

    [Theory]
    [InlineData("--brokers")]
    [InlineData("--brokers", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "65535", "--brokers", "2")]
    [InlineData("--topic", "name")]
    [InlineData("--topic", ":3")]
    [InlineData("--topic", "t:0")]
    [InlineData("--topic", "t:2:2")]
    [InlineData("--rebalance-delay-ms", "-1")]
    [InlineData("extra")]
    public void Refuses_bad_arguments(params string[] args) =>
        Assert.Throws<FormatException>(() => MockClusterCommandLine.Parse(args));
}
