using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Application;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Application;

public sealed class ApplicationWiringTests : IAsyncDisposable
{
    private readonly RecordingWriter _writer = new();
    private readonly InMemoryEraser _eraser = new(new ManualClock(Commands.Now));
    private readonly RecordingCommandMetrics _commandMetrics = new();
    private readonly ServiceProvider _provider;

    public ApplicationWiringTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Commands.Now));
        services.AddSingleton<IConversationRecordWriter>(_writer);
        services.AddSingleton<IConversationRecordEraser>(_eraser);
        services.AddSingleton<ICommandMetrics>(_commandMetrics);
        services.AddApplication();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    private async Task<RecordQaBatchResult> SendAsync(RecordQaBatchCommand command)
    {
        await using var scope = _provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        return await mediator.Send(command, CancellationToken.None);
    }

    [Fact]
    public async Task The_recording_pipeline_is_built_once_not_per_message()
    {
        IPipelineBehavior<RecordQaBatchCommand, RecordQaBatchResult>[] Behaviours(IServiceProvider services) =>
            [.. services.GetServices<IPipelineBehavior<RecordQaBatchCommand, RecordQaBatchResult>>()];
        await using var first = _provider.CreateAsyncScope();
        await using var second = _provider.CreateAsyncScope();

        var behaviours = Behaviours(first.ServiceProvider);
        Assert.Equal(3, behaviours.Length);
        Assert.Equal(behaviours, Behaviours(second.ServiceProvider));
        Assert.Same(
            first.ServiceProvider.GetRequiredService<ICommandHandler<RecordQaBatchCommand, RecordQaBatchResult>>(),
            second.ServiceProvider.GetRequiredService<ICommandHandler<RecordQaBatchCommand, RecordQaBatchResult>>());
    }

    [Fact]
    public async Task A_command_travels_through_the_pipeline_to_storage()
    {
        var result = await SendAsync(Commands.Valid(new QaPair("q1", "a1"), new QaPair("q2", " ")));

        Assert.Equal(new RecordQaBatchResult(3, 0, 3), result);
        var rows = Assert.Single(_writer.Calls);
        Assert.Equal(["q1", "a1", "q2"], rows.Select(r => r.Content));
    }

    [Fact]
    public async Task Replaying_a_command_reports_its_rows_as_ignored()
    {
        var command = Commands.Valid(new QaPair("q", "a"));
        await SendAsync(command);

        var replay = await SendAsync(command);

        Assert.Equal(new RecordQaBatchResult(0, 2, 2), replay);
    }

    [Fact]
    public async Task An_invalid_command_never_reaches_storage()
    {
        var command = Commands.Valid() with { UserId = new string('u', 65) };

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => SendAsync(command));

        Assert.Equal("UserId", Assert.Single(ex.Failures).PropertyName);
        Assert.Empty(_writer.Calls);
    }

    [Fact]
    public async Task A_purge_travels_through_the_pipeline_and_an_invalid_one_never_reaches_storage()
    {
        _eraser.Rows.Add(("user-1", Commands.Now.UtcDateTime.AddDays(-40)));
        _eraser.Rows.Add(("user-1", Commands.Now.UtcDateTime.AddDays(-20)));
        await using var scope = _provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        await Assert.ThrowsAsync<RequestValidationException>(() => mediator.Send(new PurgeOldRecordsCommand(TimeSpan.Zero)).AsTask());
        Assert.Empty(_eraser.DeleteCalls);
        var purge = await mediator.Send(new PurgeOldRecordsCommand(TimeSpan.FromDays(30)));

        Assert.Equal(1, purge.Erasure.Rows);
        Assert.Equal(
            [(nameof(PurgeOldRecordsCommand), CommandOutcome.Invalid), (nameof(PurgeOldRecordsCommand), CommandOutcome.Ok)],
            _commandMetrics.Reports.Select(r => (r.Command, r.Outcome)));
    }

    [Fact]
    public async Task Metrics_wrap_validation_so_refused_commands_are_counted()
    {
        await SendAsync(Commands.Valid());
        await Assert.ThrowsAsync<RequestValidationException>(() => SendAsync(Commands.Valid() with { UserId = "" }));

        var results = _commandMetrics.Reports.Select(r => (r.Command, r.Outcome));
        Assert.Equal([(nameof(RecordQaBatchCommand), CommandOutcome.Ok), (nameof(RecordQaBatchCommand), CommandOutcome.Invalid)], results);
    }

    [Fact]
    public void Behaviours_are_registered_tracing_first_then_metrics_then_validation()
    {
        var behaviours = _provider.GetServices<IPipelineBehavior<RecordQaBatchCommand, RecordQaBatchResult>>()
            .Select(b => b.GetType().GetGenericTypeDefinition());

        Assert.Equal(
            [
                typeof(Recorder.Application.Common.Behaviours.TracingBehaviour<,>),
                typeof(Recorder.Application.Common.Behaviours.MetricsBehaviour<,>),
                typeof(Recorder.Application.Common.Behaviours.ValidationBehaviour<,>),
            ],
            behaviours);
    }

    [Fact]
    public void Registering_twice_does_not_duplicate_the_pipeline()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConversationRecordWriter>(_writer);
        services.AddSingleton<IConversationRecordEraser>(_eraser);
        services.AddSingleton<ICommandMetrics>(_commandMetrics);
        services.AddApplication();
        services.AddApplication();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetServices<IPipelineBehavior<RecordQaBatchCommand, RecordQaBatchResult>>().Count());
        Assert.Single(provider.GetServices<FluentValidation.IValidator<RecordQaBatchCommand>>());
    }

    [Fact]
    public void The_application_layer_uses_no_metrics_or_tracing_library()
    {
        var assembly = typeof(ICommandMetrics).Assembly;
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty);

        Assert.DoesNotContain(references, name => name.StartsWith("Prometheus", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name.StartsWith("OpenTelemetry", StringComparison.OrdinalIgnoreCase));
        // The runtime's ActivitySource (command spans) is allowed; its metrics API is not: metrics go through ICommandMetrics.
        using var file = File.OpenRead(assembly.Location);
        using var pe = new System.Reflection.PortableExecutable.PEReader(file);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var namespaces = metadata.TypeReferences.Select(t => metadata.GetString(metadata.GetTypeReference(t).Namespace)).ToHashSet();
        Assert.Contains("System.Diagnostics", namespaces);
        Assert.DoesNotContain("System.Diagnostics.Metrics", namespaces);
    }

    [Fact]
    public void The_host_must_supply_the_command_metrics()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConversationRecordWriter>(_writer);
        services.AddSingleton<IConversationRecordEraser>(_eraser);
        services.AddApplication();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ICommandMetrics));
    }
}
