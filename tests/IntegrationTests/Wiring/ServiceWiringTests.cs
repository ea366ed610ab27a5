using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Application;
using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Application.Conversations.Erasure;
using Recorder.Infrastructure;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Wiring;

/// <summary>
/// The host's real registrations under scope validation: the pipeline behaviours and the recording handler are
/// singletons, so nothing they depend on may be scoped. Open generic behaviours escape ValidateOnBuild, hence the
/// explicit resolution of every command's pipeline.
/// </summary>
public sealed class ServiceWiringTests
{
    [Fact]
    public async Task Every_command_pipeline_resolves_from_a_scope_without_a_captive_dependency()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString,
            }).Build())
            .AddLogging();
        services.AddApplication();
        services.AddInfrastructure();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();

        Assert.Equal(3, scope.ServiceProvider.GetServices<IPipelineBehavior<RecordQaBatchCommand, RecordQaBatchResult>>().Count());
        Assert.Equal(3, scope.ServiceProvider.GetServices<IPipelineBehavior<ForgetUserCommand, ErasureResult>>().Count());
        Assert.Equal(3, scope.ServiceProvider.GetServices<IPipelineBehavior<PurgeOldRecordsCommand, PurgeOldRecordsResult>>().Count());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ICommandHandler<RecordQaBatchCommand, RecordQaBatchResult>>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ICommandHandler<ForgetUserCommand, ErasureResult>>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ICommandHandler<PurgeOldRecordsCommand, PurgeOldRecordsResult>>());
    }
}
