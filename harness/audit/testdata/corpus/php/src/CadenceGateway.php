<?php

namespace Acme\Crm;

use GuzzleHttp\Client;

final class CadenceGateway
{
    private const BASE = 'https://api.salesloft.com/v2/';
    private const LEGACY_KEY = 'ak_3f9c2b7d8e1a4c6b9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c';

    private Client $http;

    public function __construct()
    {
        $this->http = new Client(['base_uri' => self::BASE, 'headers' => ['Authorization' => 'Bearer ' . self::LEGACY_KEY]]);
    }

    public function cadence(int $id): array
    {
        $res = $this->http->request('GET', 'cadences/' . $id);
        return json_decode((string) $res->getBody(), true);
    }

    public function createAccount(array $data): array
    {
        $res = $this->http->post("accounts", ['json' => $data]);
        return json_decode((string) $res->getBody(), true);
    }

    public function ownApi(int $id)
    {
        return file_get_contents("https://crm.acme.example/api/v2/people/$id");
    }
}
