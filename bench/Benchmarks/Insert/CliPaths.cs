namespace Recorder.Benchmarks.Insert;

/// <summary>The mariadb client piping a file of multi-row INSERT IGNORE statements, as an operator would.</summary>
internal sealed class CliInsertPath(MariaDbCli cli, string sqlFile) : InsertPath
{
    public override string Name => "mariadb CLI, INSERT IGNORE file";

    public override async Task<long> RunAsync(IReadOnlyList<ConversationRow> rows)
    {
        await cli.RunFileAsync(sqlFile);
        return -1;
    }
}

/// <summary>The mariadb client running LOAD DATA LOCAL INFILE on a tab-separated file: the server's bulk path.</summary>
internal sealed class CliLoadDataPath(MariaDbCli cli, string scriptFile) : InsertPath
{
    public override string Name => "mariadb CLI, LOAD DATA LOCAL";

    public override async Task<long> RunAsync(IReadOnlyList<ConversationRow> rows)
    {
        await cli.RunFileAsync(scriptFile);
        return -1;
    }
}
