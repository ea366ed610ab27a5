using Microsoft.Extensions.Options;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.Infrastructure.Persistence;

/// <summary>Refuses to start with a connection string that is missing or malformed, naming the problem.</summary>
internal sealed class PersistenceOptionsValidator : IValidateOptions<PersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PersistenceOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"ConnectionStrings:{PersistenceOptions.ConnectionStringName} is empty " +
                $"(set the environment variable ConnectionStrings__{PersistenceOptions.ConnectionStringName}).");
        }
        else
        {
            try
            {
                _ = new MySqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                // The parser's message names the offending key, never the password's value.
                failures.Add($"ConnectionStrings:{PersistenceOptions.ConnectionStringName} is invalid: {ex.Message}");
            }
        }

        if (options.PoolStatisticsInterval <= TimeSpan.Zero)
        {
            failures.Add("Persistence:PoolStatisticsInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
