using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>ADO.NET factory for this provider, e.g. for <c>DbProviderFactories.RegisterFactory</c>.</summary>
public sealed class MySqlProviderFactory : DbProviderFactory
{
    public static readonly MySqlProviderFactory Instance = new();

    private MySqlProviderFactory()
    {
    }

    public override DbCommand CreateCommand() => new MySqlCommand();

    public override DbConnection CreateConnection() => new MySqlConnection();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new MySqlConnectionStringBuilder();

    public override DbParameter CreateParameter() => new MySqlParameter();

    public override DbDataSource CreateDataSource(string connectionString) => new MySqlDataSource(connectionString);
}
