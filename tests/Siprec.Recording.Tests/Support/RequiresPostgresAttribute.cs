namespace Siprec.Recording.Tests.Support;

/// <summary>Marks a test class whose <see cref="IndexFactAttribute"/> and <see cref="IndexTheoryAttribute"/> tests need a real PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
