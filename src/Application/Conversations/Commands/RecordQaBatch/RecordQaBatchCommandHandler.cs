using System.Runtime.CompilerServices;
using Mediator;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;

namespace Recorder.Application.Conversations.Commands.RecordQaBatch;

public sealed class RecordQaBatchCommandHandler : ICommandHandler<RecordQaBatchCommand, RecordQaBatchResult>
{
    private readonly IConversationRecordWriter _writer;

    public RecordQaBatchCommandHandler(IConversationRecordWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    // Pooled for the same reason as MetricsBehaviour.Handle: it waits until the round's rows are durable.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RecordQaBatchResult> Handle(RecordQaBatchCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = new ConversationRound(request.UserId, request.Occurred, request.Pairs).ToRecords();
        if (rows.Count == 0)
        {
            // Nothing to store is a successful round; skipping the writer saves a round trip.
            return RecordQaBatchResult.Empty;
        }

        var written = await _writer.WriteAsync(rows, cancellationToken);
        return new RecordQaBatchResult(written.Inserted, written.Ignored, rows.Count, written.DurableAt);
    }
}
