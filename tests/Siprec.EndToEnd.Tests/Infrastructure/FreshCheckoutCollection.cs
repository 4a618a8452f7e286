namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>The tests that run the README's scripts share one <see cref="FreshCheckout"/>, so its first build is paid once.</summary>
[CollectionDefinition(Name)]
public sealed class FreshCheckoutCollection : ICollectionFixture<FreshCheckout>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "fresh checkout";
}
