<?php

namespace Acme\Crm;

use SalesLoft\SalesLoftClient;

class SalesloftService
{
    private SalesLoftClient $client;

    public function __construct(string $token)
    {
        $this->client = new SalesLoftClient($token);
    }

    public function recentPeople(): array
    {
        return $this->client->people->list(['per_page' => 100, 'sort_by' => 'updated_at']);
    }

    public function enroll(int $personId, int $cadenceId)
    {
        return $this->client->cadenceMemberships->create(['person_id' => $personId, 'cadence_id' => $cadenceId]);
    }

    public function upsert(string $email, array $fields)
    {
        return $this->client->people->upsert($email, $fields);
    }
}
