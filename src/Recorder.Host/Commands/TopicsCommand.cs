using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.Topics;

namespace Recorder.Host.Commands;

/// <summary>`topics ensure` creates missing topics; `topics check` only reports. Both list live shortfalls.</summary>
internal static class TopicsCommand
{
    public const int ExitShortfall = 4;
    public const int ExitNoAdminApi = 5;

    public static async Task<int> RunAsync(IServiceProvider services, bool create, TextWriter output)
    {
        var consumer = services.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value;
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var topics = services.GetRequiredService<IOptions<TopicOptions>>().Value;
        var deadLetter = services.GetRequiredService<IOptions<DeadLetterOptions>>().Value;
        if (string.IsNullOrWhiteSpace(consumer.BootstrapServers))
        {
            await output.WriteLineAsync("Kafka:BootstrapServers is empty (environment: Kafka__BootstrapServers).");
            return 3;
        }

        using var admin = kafka.CreateAdminClient(consumer.BootstrapServers);
        var provisioner = new TopicProvisioner(admin, topics.AdminTimeout);
        var requirements = TopicRequirement.ForRecorder(consumer.Topic, deadLetter.DeadLetterTopic, topics);
        IReadOnlyList<TopicFinding> findings;
        try
        {
            findings = create ? await provisioner.EnsureAsync(requirements) : await provisioner.CheckAsync(requirements);
        }
        catch (AdminApiUnavailableException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return ExitNoAdminApi;
        }

        foreach (var finding in findings)
        {
            await output.WriteLineAsync(finding.ToString());
        }

        var problems = findings.Count(f => f.IsProblem);
        await output.WriteLineAsync(problems == 0 ? "topics ok" : $"{problems} problem(s): live settings are reported, never changed");
        return problems == 0 ? 0 : ExitShortfall;
    }
}
