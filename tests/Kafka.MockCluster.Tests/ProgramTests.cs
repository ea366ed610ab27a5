using Kafka.MockCluster.Tests.Support;

namespace Kafka.MockCluster.Tests;

public sealed class ProgramTests
{
    [Fact]
    public async Task Help_says_it_is_a_test_and_demo_stand_in_and_production_uses_Apache_Kafka()
    {
        using var timeout = TestTimeout.Seconds(30);

        var result = await ExternalProcess.RunAsync(
            MockClusterProgram.DotnetHost, [MockClusterProgram.AssemblyPath, "--help"], timeout.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("stand-in for tests and demos", result.Output, StringComparison.Ordinal);
        Assert.Contains("production uses Apache Kafka", result.Output, StringComparison.Ordinal);
        Assert.Contains("--port", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--brokers", "0")]
    [InlineData("--topic", "no-partitions")]
    [InlineData("--unknown")]
    public async Task Bad_arguments_exit_with_2_and_say_why(params string[] arguments)
    {
        using var timeout = TestTimeout.Seconds(30);

        var result = await ExternalProcess.RunAsync(
            MockClusterProgram.DotnetHost, [MockClusterProgram.AssemblyPath, .. arguments], timeout.Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Errors, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData(Posix.SigTerm)]
    [InlineData(Posix.SigInt)]
    public async Task Serves_fixed_ports_with_the_recorder_topics_until_signalled_then_exits_0(int signal)
    {
        using var timeout = TestTimeout.Seconds(60);
        var port = FreePorts.FindConsecutive(2);
        await using var program = await MockClusterProgram.StartAsync(
            ["--brokers", "2", "--port", $"{port}", "--topic", "qywx-recorder:24", "--topic", "qywx-recorder.dlq:4"],
            timeout.Token);

        Assert.Equal($"127.0.0.1:{port},127.0.0.1:{port + 1}", program.BootstrapServers);
        var metadata = await Kcat.MetadataAsync($"127.0.0.1:{port}", timeout.Token);
        Assert.Equal(
            [$"1@127.0.0.1:{port}", $"2@127.0.0.1:{port + 1}"],
            metadata.GetProperty("brokers").EnumerateArray()
                .Select(b => $"{b.GetProperty("id").GetInt32()}@{b.GetProperty("name").GetString()}").Order());
        var topics = metadata.GetProperty("topics").EnumerateArray()
            .ToDictionary(t => t.GetProperty("topic").GetString()!, t => t.GetProperty("partitions").GetArrayLength());
        Assert.Equal(24, topics["qywx-recorder"]);
        Assert.Equal(4, topics["qywx-recorder.dlq"]);

        var (exitCode, errors) = await program.StopAsync(signal, timeout.Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("stopping", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_exits_with_1_and_says_so()
    {
        using var timeout = TestTimeout.Seconds(30);
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var result = await ExternalProcess.RunAsync(
            MockClusterProgram.DotnetHost, [MockClusterProgram.AssemblyPath, "--port", $"{port}"], timeout.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot listen on port {port}", result.Errors, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Without_port_it_announces_the_brokers_own_ports()
    {
        using var timeout = TestTimeout.Seconds(60);
        await using var program = await MockClusterProgram.StartAsync(["--topic", "demo:3"], timeout.Token);

        var metadata = await Kcat.MetadataAsync(program.BootstrapServers, timeout.Token);

        var broker = Assert.Single(metadata.GetProperty("brokers").EnumerateArray());
        Assert.Equal(program.BootstrapServers, broker.GetProperty("name").GetString());
        Assert.Equal(0, (await program.StopAsync(Posix.SigTerm, timeout.Token)).ExitCode);
    }
}
