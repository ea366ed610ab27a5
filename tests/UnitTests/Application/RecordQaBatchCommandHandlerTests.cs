using NSubstitute;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Commands.RecordQaBatch;
using Recorder.Domain.Conversations;

namespace Recorder.UnitTests.Application;

public class RecordQaBatchCommandHandlerTests
{
    private readonly IConversationRecordWriter _writer = Substitute.For<IConversationRecordWriter>();
    private readonly RecordQaBatchCommandHandler _handler;

    public RecordQaBatchCommandHandlerTests()
    {
        _handler = new RecordQaBatchCommandHandler(_writer);
    }

    private static readonly DateTimeOffset Committed = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Writes_the_rounds_rows_and_reports_what_the_writer_did()
    {
        IReadOnlyList<ConversationRecord>? written = null;
        _writer.WriteAsync(Arg.Do<IReadOnlyList<ConversationRecord>>(rows => written = rows), Arg.Any<CancellationToken>())
            .Returns(new RecordWriteResult(2, 1, Committed));
        var command = Commands.Valid(new QaPair(" q1 ", "a1"), new QaPair("q2", ""));

        var result = await _handler.Handle(command, CancellationToken.None);

        Assert.Equal(new RecordQaBatchResult(RowsInserted: 2, RowsIgnored: 1, RowsTotal: 3, DurableAt: Committed), result);
        Assert.NotNull(written);
        Assert.Equal(
            [(RecordSource.User, "q1"), (RecordSource.Ai, "a1"), (RecordSource.User, "q2")],
            written.Select(r => (r.Source, r.Content)));
        Assert.All(written, r =>
        {
            Assert.Equal(command.UserId, r.UserId);
            Assert.Equal(command.Occurred, r.Occurred);
        });
    }

    [Fact]
    public async Task A_round_without_text_succeeds_without_touching_storage()
    {
        var result = await _handler.Handle(Commands.Valid(new QaPair(" ", null)), CancellationToken.None);

        Assert.Equal(new RecordQaBatchResult(0, 0, 0), result);
        await _writer.DidNotReceiveWithAnyArgs().WriteAsync(default!, default);
    }

    [Fact]
    public async Task Passes_the_cancellation_token_to_the_writer()
    {
        using var cts = new CancellationTokenSource();
        _writer.WriteAsync(Arg.Any<IReadOnlyList<ConversationRecord>>(), Arg.Any<CancellationToken>())
            .Returns(new RecordWriteResult(2, 0));

        await _handler.Handle(Commands.Valid(), cts.Token);

        await _writer.Received(1).WriteAsync(Arg.Any<IReadOnlyList<ConversationRecord>>(), cts.Token);
    }

    [Fact]
    public async Task Storage_failures_propagate()
    {
        _writer.WriteAsync(Arg.Any<IReadOnlyList<ConversationRecord>>(), Arg.Any<CancellationToken>())
            .Returns<RecordWriteResult>(_ => throw new TimeoutException("db down"));

        await Assert.ThrowsAsync<TimeoutException>(() => _handler.Handle(Commands.Valid(), CancellationToken.None).AsTask());
    }
}
