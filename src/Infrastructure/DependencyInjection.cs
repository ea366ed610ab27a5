using System.Data.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recorder.Application.Common.Interfaces;
using Recorder.Infrastructure.Common;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;
using Recorder.Infrastructure.Kafka.Offsets;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Kafka.Recording;
using Recorder.Infrastructure.Kafka.Topics;
using Recorder.Infrastructure.Messaging;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.Migrations;
using Recorder.Infrastructure.Persistence.Connections;
using Recorder.Infrastructure.Persistence.Erasure;
using Recorder.Infrastructure.Persistence.Records;

namespace Recorder.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The "Recorder" section: topic, dead-letter topic, group and consumer limits (Recorder__Topic, …).</summary>
    public const string RecorderSectionName = "Recorder";

    /// <summary>
    /// Registers persistence, Kafka, messaging and metrics, every options class validated at start. Clients that
    /// talk to servers are created on first use, so commands such as `migrate` never connect to Kafka.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddObservability();
        AddPersistence(services);
        AddKafka(services);
        return services;
    }

    private static void AddPersistence(IServiceCollection services)
    {
        AddValidatedOptions<PersistenceOptions>(services, PersistenceOptions.SectionName, o => o.Validate());
        services.AddOptions<PersistenceOptions>().Configure<IConfiguration>((options, configuration) =>
            options.ConnectionString = configuration.GetConnectionString(PersistenceOptions.ConnectionStringName) ?? string.Empty);
        AddValidatedOptions<RecordWriterOptions>(services, PersistenceOptions.SectionName, o => o.Validate());

        // The pool meter listens before the pool exists, so it sees every connection the pool opens.
        services.AddSingleton(sp =>
        {
            var meter = new MySqlPoolMeter();
            sp.GetRequiredService<RecorderMetrics>().SetDbPoolSource(meter.Snapshot);
            return meter;
        });
        services.AddSingleton(sp => RecorderDataSource.Create(
            sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.ConnectionString,
            sp.GetRequiredService<MySqlPoolMeter>(),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton<DbDataSource>(sp => sp.GetRequiredService<MySqlDataSource>());
        services.AddPooledDbContextFactory<RecorderDbContext>((sp, builder) => builder.UseRecorderMySql(
            sp.GetRequiredService<MySqlDataSource>(), sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.ParsedServerVersion()));

        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ConversationRecordWriter>();
        services.AddSingleton<IConversationRecordWriter>(sp => sp.GetRequiredService<ConversationRecordWriter>());
        services.AddSingleton<IConversationRecordEraser, ConversationRecordEraser>();
    }

    private static void AddKafka(IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName);

        AddValidatedOptions<KafkaConsumerOptions>(services, RecorderSectionName, o => o.Validate());
        services.AddOptions<KafkaConsumerOptions>().Configure<IOptions<KafkaOptions>>((consumer, kafka) =>
            consumer.BootstrapServers = kafka.Value.Inherit(consumer.BootstrapServers, consumer.AdditionalSettings));
        AddValidatedOptions<DeadLetterOptions>(services, RecorderSectionName, o => o.Validate());
        // Compared with the configured topic, not with IOptions<KafkaConsumerOptions>.Value: resolving that runs the
        // consumer's own validation, whose failures this check would then report a second time.
        services.AddOptions<DeadLetterOptions>().Validate<IConfiguration>(
            (deadLetter, configuration) => !string.Equals(deadLetter.DeadLetterTopic, ConfiguredTopic(configuration), StringComparison.Ordinal),
            "Recorder:DeadLetterTopic must differ from Recorder:Topic.");
        AddValidatedOptions<KafkaProducerOptions>(services, KafkaProducerOptions.SectionName, o => o.Validate());
        services.AddOptions<KafkaProducerOptions>().Configure<IOptions<KafkaOptions>>((producer, kafka) =>
            producer.BootstrapServers = kafka.Value.Inherit(producer.BootstrapServers, producer.AdditionalSettings));
        AddValidatedOptions<TopicOptions>(services, TopicOptions.SectionName, o => o.Validate());
        // The operator commands' settings are checked when a command resolves them, not when the service starts: a
        // mistake in them must not stop the recorder.
        AddCommandOptions<DeadLetterReplayOptions>(services, DeadLetterReplayOptions.SectionName, o => o.Validate());
        services.AddOptions<DeadLetterReplayOptions>().Configure<IOptions<KafkaOptions>>((replay, kafka) =>
            replay.BootstrapServers = kafka.Value.Inherit(replay.BootstrapServers, replay.AdditionalSettings));
        AddCommandOptions<ConsumerGroupOffsetsOptions>(services, ConsumerGroupOffsetsOptions.SectionName, o => o.Validate());
        // A member that died without leaving stays in the group for a session timeout; a reset that joins to find the
        // group empty must wait longer than that. Read from configuration, as the dead-letter topic check above.
        services.AddOptions<ConsumerGroupOffsetsOptions>().Validate<IConfiguration>(
            (offsets, configuration) => offsets.JoinTimeout > TimeSpan.FromMilliseconds(ConfiguredSessionTimeoutMs(configuration)),
            "Offsets:JoinTimeout must be longer than Recorder:SessionTimeoutMs.");

        services.AddSingleton(sp => new QaRoundMessageDecoder(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var consumer = sp.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value;
            return new DeadLetterPublisher(consumer.BootstrapServers, sp.GetRequiredService<IOptions<DeadLetterOptions>>().Value,
                sp.GetRequiredService<RecorderMetrics>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DeadLetterPublisher>>(), sp.GetRequiredService<IOptions<KafkaOptions>>().Value.Settings);
        });
        services.AddSingleton<IDeadLetterPublisher>(sp => sp.GetRequiredService<DeadLetterPublisher>());
        services.AddSingleton<RecorderConsumerObserver>();
        services.AddSingleton<IMessageProcessor>(sp => new RecordingMessageProcessor(
            sp.GetRequiredService<QaRoundMessageDecoder>(), sp.GetRequiredService<IMediator>(), sp.GetRequiredService<IDeadLetterPublisher>(),
            sp.GetRequiredService<RecorderMetrics>(), sp.GetRequiredService<ILogger<RecordingMessageProcessor>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value.GroupId));
        services.AddSingleton(sp => new GatedKafkaConsumer(
            sp.GetRequiredService<IOptions<KafkaConsumerOptions>>().Value, sp.GetRequiredService<IMessageProcessor>(),
            sp.GetRequiredService<RecorderConsumerObserver>(), sp.GetRequiredService<ILogger<GatedKafkaConsumer>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new QaRoundProducer(
            sp.GetRequiredService<IOptions<KafkaProducerOptions>>().Value, sp.GetRequiredService<RecorderMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<QaRoundProducer>>()));
    }

    private static int ConfiguredSessionTimeoutMs(IConfiguration configuration) =>
        configuration.GetSection(RecorderSectionName).Get<KafkaConsumerOptions>()?.SessionTimeoutMs ?? new KafkaConsumerOptions().SessionTimeoutMs;

    private static string ConfiguredTopic(IConfiguration configuration) =>
        configuration.GetSection(RecorderSectionName).Get<KafkaConsumerOptions>()?.Topic ?? new KafkaConsumerOptions().Topic;

    private static void AddCommandOptions<TOptions>(IServiceCollection services, string section, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section);
        services.AddSingleton<IValidateOptions<TOptions>>(new ListOptionsValidator<TOptions>(validate));
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, string section, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new ListOptionsValidator<TOptions>(validate));
    }
}
