using Microsoft.Extensions.Options;

namespace Recorder.Infrastructure.Common;

/// <summary>Adapts an options class's own "list every problem" method to start-time options validation.</summary>
internal sealed class ListOptionsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
