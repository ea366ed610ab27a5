using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>One caller's rows waiting for a transaction, and the task that tells the caller they are durable.</summary>
internal sealed class PendingWrite
{
    private readonly TaskCompletionSource<RecordWriteResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWrite(ConversationRecord[] rows, CancellationToken cancellationToken)
    {
        Rows = rows;
        // A caller that gives up (its partition was revoked) is skipped if its rows were not sent yet.
        Registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((PendingWrite)state!)._completion.TrySetCanceled(), this)
            : default;
    }

    public ConversationRecord[] Rows { get; }

    public CancellationTokenRegistration Registration { get; }

    public Task<RecordWriteResult> Task => _completion.Task;

    public bool IsAbandoned => _completion.Task.IsCompleted;

    public void Succeed(int inserted)
    {
        Registration.Dispose();
        _completion.TrySetResult(new RecordWriteResult(inserted, Rows.Length - inserted));
    }

    public void Fail(Exception exception)
    {
        Registration.Dispose();
        _completion.TrySetException(exception);
    }
}
