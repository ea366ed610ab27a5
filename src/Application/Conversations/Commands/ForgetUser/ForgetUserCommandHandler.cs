using Mediator;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Erasure;

namespace Recorder.Application.Conversations.Commands.ForgetUser;

public sealed class ForgetUserCommandHandler : ICommandHandler<ForgetUserCommand, ErasureResult>
{
    private readonly IConversationRecordEraser _eraser;
    private readonly TimeProvider _time;

    public ForgetUserCommandHandler(IConversationRecordEraser eraser, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(eraser);
        ArgumentNullException.ThrowIfNull(time);
        _eraser = eraser;
        _time = time;
    }

    public ValueTask<ErasureResult> Handle(ForgetUserCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ValueTask<ErasureResult>(BatchedErasure.RunAsync(
            _eraser, new RecordsOfUser(request.UserId), request.BatchRows, request.DryRun, request.Progress, _time, cancellationToken));
    }
}
