using Mediator;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Conversations.Commands.PurgeOldRecords;

public sealed class PurgeOldRecordsCommandHandler : ICommandHandler<PurgeOldRecordsCommand, PurgeOldRecordsResult>
{
    private readonly IConversationRecordEraser _eraser;
    private readonly TimeProvider _time;

    public PurgeOldRecordsCommandHandler(IConversationRecordEraser eraser, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(eraser);
        ArgumentNullException.ThrowIfNull(time);
        _eraser = eraser;
        _time = time;
    }

    public async ValueTask<PurgeOldRecordsResult> Handle(PurgeOldRecordsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // One cutoff for the whole run: rows that age past it while the purge runs are left for the next run, so the
        // purge ends, and what it printed is exactly what it selected. Whole milliseconds, as occurred is stored.
        var now = _time.GetUtcNow().UtcDateTime - request.OlderThan;
        var cutoff = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var erasure = await BatchedErasure.RunAsync(
            _eraser, new RecordsOccurredBefore(cutoff), request.BatchRows, request.DryRun, request.Progress, _time, cancellationToken);
        return new PurgeOldRecordsResult(cutoff, erasure);
    }
}
