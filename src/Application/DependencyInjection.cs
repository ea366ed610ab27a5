using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the mediator, the command handlers, their validators and the pipeline. The host must also register the
    /// ports: an <see cref="IConversationRecordWriter"/>, an <see cref="IConversationRecordEraser"/> and an
    /// <see cref="ICommandMetrics"/>. MediatR 5 has no
    /// container integration of its own, so everything is registered explicitly here.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // MediatR resolves handlers, IEnumerable<IPipelineBehavior<,>> and the like through this delegate. Capturing the
        // provider that resolves the mediator keeps scoped services scoped.
        services.TryAddTransient<ServiceFactory>(provider => provider.GetService!);
        services.TryAddTransient<IMediator, Mediator>();

        services.TryAddSingleton(TimeProvider.System);

        // One message, one Send: the recording handler holds only the (singleton) writer, so one instance serves all.
        services.TryAddSingleton<IRequestHandler<RecordQaBatchCommand, RecordQaBatchResult>, RecordQaBatchCommandHandler>();
        services.TryAddTransient<IRequestHandler<PurgeOldRecordsCommand, PurgeOldRecordsResult>, PurgeOldRecordsCommandHandler>();
        services.TryAddTransient<IRequestHandler<ForgetUserCommand, ErasureResult>, ForgetUserCommandHandler>();

        // Validators hold only immutable rules; building them (compiling their expressions) is the expensive part, so
        // one instance serves all.
        services.AddValidatorsFromAssemblyContaining<RecordQaBatchCommandValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);

        // MediatR 5 wraps behaviours in registration order: the first registered is the outermost. Tracing comes
        // first so that the command's span covers everything the caller waited for, metrics and validation included.
        // Metrics come next so that every request is measured and counted, including those validation refuses
        // ("invalid"). Validation comes last so that nothing invalid reaches a handler (and therefore storage).
        // All three are stateless over singletons, so one instance per request type: MediatR resolves the behaviours
        // on every Send (once per message), and transient ones were constructed anew each time.
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton(typeof(IPipelineBehavior<,>), typeof(TracingBehaviour<,>)));
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton(typeof(IPipelineBehavior<,>), typeof(MetricsBehaviour<,>)));
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>)));

        return services;
    }
}
