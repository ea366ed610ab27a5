using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Commands.RecordQaBatch;

namespace Recorder.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the mediator, the command handlers, their validators and the pipeline. The host must also register the
    /// ports: an <see cref="IConversationRecordWriter"/>, an <see cref="IConversationRecordEraser"/> and an
    /// <see cref="ICommandMetrics"/>. The mediator and its registration are generated at build time from the handlers of
    /// this assembly (Mediator.SourceGenerator): every command type's pipeline is composed once, at the first Send,
    /// which resolves every handler (so a host needs all the ports even to send one command), instead of on every
    /// Send as MediatR did (its delegates, closures and behaviour arrays were 8 % of what the recorder allocated per
    /// message; README, "Measured: what the drain competes for").
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);

        // The generator reads these options from this call when it builds. Singletons throughout: the handlers hold
        // only singletons (the writer, the eraser, the clock), and the behaviours are stateless over singletons.
        // Behaviours wrap in this order, the first outermost. Tracing comes first so that the command's span covers
        // everything the caller waited for, metrics and validation included. Metrics come next so that every request
        // is measured and counted, including those validation refuses ("invalid"). Validation comes last so that
        // nothing invalid reaches a handler (and therefore storage).
        // The generated registration adds its services unconditionally, so a second call is skipped here.
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IMediator)))
        {
            services.AddMediator(options =>
            {
                options.ServiceLifetime = ServiceLifetime.Singleton;
                options.GenerateTypesAsInternal = true;
                options.PipelineBehaviors =
                [
                    typeof(TracingBehaviour<,>),
                    typeof(MetricsBehaviour<,>),
                    typeof(ValidationBehaviour<,>),
                ];
            });
        }

        // Validators hold only immutable rules; building them (compiling their expressions) is the expensive part, so
        // one instance serves all.
        services.AddValidatorsFromAssemblyContaining<RecordQaBatchCommandValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);

        return services;
    }
}
