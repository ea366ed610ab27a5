using FluentValidation;
using Mediator;
using Recorder.Application.Common.Behaviours;
using Recorder.Application.Common.Exceptions;

namespace Recorder.UnitTests.Application;

public class ValidationBehaviourTests
{
    public sealed record Probe(string Name, int Size) : IMessage;

    private sealed class NameValidator : AbstractValidator<Probe>
    {
        public NameValidator() => RuleFor(p => p.Name).NotEmpty().WithMessage("Name is required.");
    }

    private sealed class SizeValidator : AbstractValidator<Probe>
    {
        public SizeValidator() => RuleFor(p => p.Size).LessThan(10).WithErrorCode("too_big").WithMessage("Size too big.");
    }

    private static ValueTask<string> Handled(Probe probe, CancellationToken cancellationToken) => new("handled");

    [Fact]
    public async Task A_valid_request_reaches_the_handler()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator(), new SizeValidator()]);

        var response = await behaviour.Handle(new Probe("ok", 1), Handled, CancellationToken.None);

        Assert.Equal("handled", response);
    }

    [Fact]
    public async Task Without_validators_the_request_passes_through()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([]);

        var response = await behaviour.Handle(new Probe("", 99), Handled, CancellationToken.None);

        Assert.Equal("handled", response);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_with_every_failure_of_every_validator()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator(), new SizeValidator()]);
        var handlerCalled = false;

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => behaviour.Handle(
            new Probe("", 50),
            (_, _) =>
            {
                handlerCalled = true;
                return new ValueTask<string>("handled");
            },
            CancellationToken.None).AsTask());

        Assert.False(handlerCalled);
        Assert.Equal(nameof(Probe), ex.RequestName);
        Assert.Equal(
            [("Name", "Name is required."), ("Size", "Size too big.")],
            ex.Failures.Select(f => (f.PropertyName, f.ErrorMessage)));
        Assert.Equal("too_big", ex.Failures[1].ErrorCode);
        Assert.Contains("Name: Name is required.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Size: Size too big.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_honours_cancellation()
    {
        var validator = new InlineValidator<Probe>();
        validator.RuleFor(p => p.Name).MustAsync(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return true;
        });
        var behaviour = new ValidationBehaviour<Probe, string>([validator]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => behaviour.Handle(new Probe("x", 1), Handled, cts.Token).AsTask());
    }

    [Fact]
    public async Task An_asynchronous_validator_is_awaited_before_the_handler_runs()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var validator = new InlineValidator<Probe>();
        validator.RuleFor(p => p.Name).MustAsync(async (_, _) =>
        {
            await release.Task;
            return true;
        });
        var behaviour = new ValidationBehaviour<Probe, string>([new SizeValidator(), validator, new NameValidator()]);
        var handlerCalled = false;

        var handling = behaviour.Handle(
            new Probe("ok", 1),
            (_, _) =>
            {
                handlerCalled = true;
                return new ValueTask<string>("handled");
            },
            CancellationToken.None).AsTask();

        Assert.False(handling.IsCompleted);
        Assert.False(handlerCalled);
        release.SetResult();
        Assert.Equal("handled", await handling);
        Assert.True(handlerCalled);
    }

    [Fact]
    public async Task Failures_before_and_after_an_asynchronous_validator_are_all_reported()
    {
        var validator = new InlineValidator<Probe>();
        validator.RuleFor(p => p.Name).MustAsync(async (_, _) =>
        {
            await Task.Yield();
            return false;
        }).WithMessage("Name refused later.");
        var behaviour = new ValidationBehaviour<Probe, string>([new SizeValidator(), validator, new NameValidator()]);

        var ex = await Assert.ThrowsAsync<RequestValidationException>(
            () => behaviour.Handle(new Probe("", 50), Handled, CancellationToken.None).AsTask());

        Assert.Equal(["Size too big.", "Name refused later.", "Name is required."], ex.Failures.Select(f => f.ErrorMessage));
    }

    [Fact]
    public void A_refusal_of_synchronous_rules_is_reported_through_the_task_not_thrown()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator()]);

        var handling = behaviour.Handle(new Probe("", 1), Handled, CancellationToken.None).AsTask();

        Assert.True(handling.IsFaulted);
        Assert.IsType<RequestValidationException>(handling.Exception!.InnerException);
    }

    [Fact]
    public void A_handler_that_throws_at_once_faults_the_task_instead_of_throwing()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator()]);

        var handling = behaviour.Handle(new Probe("ok", 1), (_, _) => throw new InvalidOperationException("boom"), CancellationToken.None).AsTask();

        Assert.True(handling.IsFaulted);
        Assert.Equal("boom", handling.Exception!.InnerException!.Message);
    }

    [Fact]
    public void A_handler_canceled_at_once_cancels_the_task()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new NameValidator()]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var handling = behaviour.Handle(new Probe("ok", 1), (_, _) => throw new OperationCanceledException(cts.Token), cts.Token).AsTask();

        Assert.True(handling.IsCanceled);
    }

    [Fact]
    public void Failures_render_as_property_and_message()
    {
        Assert.Equal("Pairs[2].Q: too large", new RequestValidationFailure("Pairs[2].Q", "too large").ToString());
        Assert.Equal(
            "Probe is invalid: A: x; B: y",
            new RequestValidationException("Probe", [new("A", "x"), new("B", "y")]).Message);
    }
}
