using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recorder.Application;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure;
using Recorder.Infrastructure.Persistence.BulkInsert;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// The recorder's own writer, registered as the service registers it (EF Core bulk insert, shared transactions,
/// pooled connections), fed the rows the way the consumer feeds it: one call per round, many rounds in flight.
/// </summary>
internal sealed class WriterPath(
    string connectionString, BulkInsertMethod method, int inFlight, IReadOnlyDictionary<string, string?> settings) : InsertPath
{
    public override string Name => "recorder writer, " + method.Name();

    public override bool IsRecorder => true;

    public override async Task<long> RunAsync(IReadOnlyList<ConversationRow> rows)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recorder"] = connectionString,
            ["Persistence:InsertMethod"] = method.ToString(),
        }).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddApplication();
        services.AddInfrastructure();
        await using var provider = services.BuildServiceProvider();
        var writer = provider.GetRequiredService<IConversationRecordWriter>();

        long inserted = 0;
        using var window = new SemaphoreSlim(inFlight);
        var pending = new List<Task>();
        foreach (var round in Rounds(rows))
        {
            await window.WaitAsync();
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    Interlocked.Add(ref inserted, (await writer.WriteAsync(round, CancellationToken.None)).Inserted);
                }
                finally
                {
                    window.Release();
                }
            }));
        }

        await Task.WhenAll(pending);
        return inserted;
    }

    /// <summary>The generator's rows grouped back into rounds: consecutive rows of one user and one moment.</summary>
    private static IEnumerable<ConversationRecord[]> Rounds(IReadOnlyList<ConversationRow> rows)
    {
        var round = new List<ConversationRecord>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (round.Count > 0 && (round[0].UserId != row.UserId || round[0].Occurred != row.Occurred))
            {
                yield return [.. round];
                round.Clear();
            }

            round.Add(new ConversationRecord(row.UserId, RecordSourceExtensions.ParseStorageValue(row.Source), row.Content, row.Occurred));
        }

        if (round.Count > 0)
        {
            yield return [.. round];
        }
    }
}
